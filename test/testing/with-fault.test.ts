import { describe, expect, it } from 'vitest';
import { type Resource, ResourceScope } from '../../src/index.js';
import { InjectedFaultError, withFault, withFaultyKind } from '../../src/testing/index.js';

/** A resource that logs what reaches it. */
function logged(log: string[]): Resource<string> {
  return {
    kind: 'test',
    label: 'thing',
    intent: { thing: true },
    acquire: async () => {
      log.push('acquire');
      return 'thing';
    },
    release: async (value) => {
      log.push(`release ${value}`);
    },
  };
}

describe('withFault', () => {
  it.each(['reject', 'throw'] as const)(
    'fails acquire (%s) without reaching the resource',
    async (mode) => {
      const log: string[] = [];
      const faulty = withFault(logged(log), { at: 'acquire', mode });
      expect({ kind: faulty.kind, label: faulty.label, intent: faulty.intent }).toEqual({
        kind: 'test',
        label: 'thing',
        intent: { thing: true },
      });
      await using scope = new ResourceScope();
      const error = await scope.acquire(faulty).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InjectedFaultError);
      expect(error).toMatchObject({ code: 'INJECTED_FAULT', at: 'acquire', call: 1 });
      expect(scope.pending()).toEqual([]);
      expect(log).toEqual([]);
      expect(faulty.faults).toBe(1);
    },
  );

  it('hangs an acquire until the scope aborts it', async () => {
    const controller = new AbortController();
    const scope = new ResourceScope({ signal: controller.signal });
    const acquiring = scope.acquire(withFault(logged([]), { at: 'acquire', mode: 'hang' }));
    controller.abort(new Error('deadline'));
    await expect(acquiring).rejects.toThrow();
    expect(scope.state).toBe('rolled-back');
  });

  it('fails only the nth release, for `times` calls, so a retry gets through', async () => {
    const log: string[] = [];
    const faulty = withFault(logged(log), { at: 'release', mode: 'reject', nth: 2, times: 1 });
    const ctx = { reason: 'rollback', signal: new AbortController().signal } as const;
    await faulty.release('x', ctx);
    await expect(faulty.release('x', ctx)).rejects.toMatchObject({ at: 'release', call: 2 });
    await faulty.release('x', ctx);
    expect(log).toEqual(['release x', 'release x']);
  });

  it('makes a rollback report a failed and a timed-out release, and still release the rest', async () => {
    const log: string[] = [];
    const scope = new ResourceScope({ releaseTimeoutMs: 50 });
    await scope.acquire(logged(log));
    await scope.acquire(withFault(logged(log), { at: 'release', mode: 'throw' }));
    await scope.acquire(withFault(logged(log), { at: 'release', mode: 'hang' }));
    const report = await scope.rollback();
    expect(report.entries.map((entry) => entry.status)).toEqual([
      'timed-out',
      'failed',
      'released',
    ]);
    expect(log).toEqual(['acquire', 'acquire', 'acquire', 'release thing']);
  });

  it('counts the calls of every resource a faulty kind makes', async () => {
    const log: string[] = [];
    const kind = withFaultyKind(() => logged(log), { at: 'acquire', mode: 'reject', nth: 2 });
    const scope = new ResourceScope();
    await scope.acquire(kind());
    await expect(scope.acquire(kind())).rejects.toMatchObject({ at: 'acquire', call: 2 });
    await expect(scope.acquire(kind())).rejects.toMatchObject({ call: 3 });
    expect(kind().faults).toBe(2);
    expect((await scope.rollback()).entries.map((entry) => entry.status)).toEqual(['released']);
    expect(log).toEqual(['acquire', 'release thing']);
  });

  it('rejects a malformed fault', () => {
    expect(() => withFault(logged([]), { at: 'commit' as 'release', mode: 'reject' })).toThrow(
      /`at`/,
    );
    expect(() => withFault(logged([]), { at: 'release', mode: 'reject', nth: 0 })).toThrow(/nth/);
  });
});
