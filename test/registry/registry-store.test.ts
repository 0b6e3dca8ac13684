import {
  chmodSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { InvalidOptionError } from '../../src/errors/invalid-option-error.js';
import { RegistryCorruptError } from '../../src/registry/registry-corrupt-error.js';
import {
  RegistryInvalidDocumentError,
  RegistryUpdateAbortedError,
} from '../../src/registry/registry-errors.js';
import type { RegistryEvent } from '../../src/registry/registry-events.js';
import { RegistryStore } from '../../src/registry/registry-store.js';
import { tempDir } from './temp-dir.js';

const Counter = z.object({ count: z.number().int().nonnegative() }).loose();

function counter(path: string, events: RegistryEvent[] = []) {
  return new RegistryStore({
    path,
    schema: Counter,
    initial: () => ({ count: 0 }),
    onEvent: (event) => events.push(event),
  });
}

describe('RegistryStore', () => {
  it('reads a missing file as initial() without creating it, and creates it on update', async () => {
    const path = join(tempDir(), 'r.json');
    const store = counter(path);
    expect(await store.read()).toEqual({ count: 0 });
    expect(existsSync(path)).toBe(false);
    expect(await store.update((doc) => ({ ...doc, count: doc.count + 1 }))).toEqual({ count: 1 });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ count: 1 });
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('coalesces concurrent updates into one lock and one write', async () => {
    const events: RegistryEvent[] = [];
    const store = counter(join(tempDir(), 'r.json'), events);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => store.update((doc) => ({ ...doc, count: doc.count + 1 }))),
    );
    expect(results.at(-1)).toEqual({ count: 20 });
    expect(events).toEqual([
      expect.objectContaining({ type: 'commit', updates: 20, failed: 0, wrote: true }),
    ]);
  });

  it('fails a throwing or invalid updater alone; the others of its commit are written', async () => {
    const events: RegistryEvent[] = [];
    const store = counter(join(tempDir(), 'r.json'), events);
    const boom = new Error('boom');
    const outcomes = await Promise.allSettled([
      store.update((doc) => ({ ...doc, count: doc.count + 1 })),
      store.update((doc) => {
        doc.count = 1_000; // mutated, then thrown: must not leak into the others
        throw boom;
      }),
      store.update((doc) => ({ ...doc, count: -5 })),
      store.update(() => undefined as never),
      store.update((doc) => ({ ...doc, count: doc.count + 1 })),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    expect(outcomes[1]).toEqual({ status: 'rejected', reason: boom });
    const invalid = (outcomes[2] as PromiseRejectedResult).reason;
    expect(invalid).toBeInstanceOf(RegistryInvalidDocumentError);
    expect(invalid.issues[0].path).toEqual(['count']);
    expect(String((outcomes[3] as PromiseRejectedResult).reason)).toMatch(/returned undefined/);
    expect(await store.read()).toEqual({ count: 2 });
    expect(events).toEqual([expect.objectContaining({ updates: 5, failed: 3 })]);
  });

  it('does not rewrite an unchanged document', async () => {
    const events: RegistryEvent[] = [];
    const path = join(tempDir(), 'r.json');
    const store = counter(path, events);
    await store.update((doc) => ({ ...doc, count: 3 }));
    await store.update((doc) => doc);
    expect(events.map((event) => event.type === 'commit' && event.wrote)).toEqual([true, false]);
  });

  it('lets the event loop turn on every update, even one that writes nothing', async () => {
    const store = counter(join(tempDir(), 'r.json'));
    await store.update((doc) => ({ ...doc, count: 1 }));
    let turns = 0;
    let next = setImmediate(function turn() {
      turns++;
      next = setImmediate(turn);
    });
    try {
      // File calls are inline (no thread-pool round trip) and nothing is written: only the
      // store's own yield lets other callbacks run.
      for (let i = 0; i < 200; i++) await store.update((doc) => doc);
    } finally {
      clearImmediate(next);
    }
    expect(turns).toBeGreaterThanOrEqual(200);
  });

  it('reads and updates under a caller’s fake timers', async () => {
    const store = counter(join(tempDir(), 'r.json'));
    vi.useFakeTimers();
    try {
      await store.update((doc) => ({ ...doc, count: 2 }));
      expect(await store.read()).toEqual({ count: 2 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects an update whose signal aborted before it applied', async () => {
    const store = counter(join(tempDir(), 'r.json'));
    const aborted = store.update((doc) => ({ ...doc, count: 9 }), {
      signal: AbortSignal.abort(new Error('late')),
    });
    await expect(aborted).rejects.toBeInstanceOf(RegistryUpdateAbortedError);
    expect(await store.read()).toEqual({ count: 0 });
  });

  it('refuses a symlinked registry file and leaves it alone', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'real.json'), '{"count":1}');
    symlinkSync(join(dir, 'real.json'), join(dir, 'r.json'));
    const store = counter(join(dir, 'r.json'));
    await expect(store.update((doc) => doc)).rejects.toMatchObject({ reason: 'not-a-file' });
    await expect(store.read()).rejects.toBeInstanceOf(RegistryCorruptError);
    expect(readFileSync(join(dir, 'real.json'), 'utf8')).toBe('{"count":1}');
  });

  it('refuses to write a document with a __proto__ key (no prototype pollution)', async () => {
    const path = join(tempDir(), 'r.json');
    const store = counter(path);
    const polluted = JSON.parse('{"count":1,"__proto__":{"polluted":true}}');
    await expect(store.update(() => polluted)).rejects.toMatchObject({
      code: 'REGISTRY_INVALID_DOCUMENT',
      issues: [{ path: ['__proto__'] }],
    });
    expect(existsSync(path)).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('change() is a registry-change resource whose release reverts, idempotently', async () => {
    const store = counter(join(tempDir(), 'r.json'));
    const change = store.change({
      label: 'bump',
      apply: (doc) => ({ ...doc, count: doc.count + 1 }),
      revert: (doc) => ({ ...doc, count: Math.max(0, doc.count - 1) }),
    });
    expect(change).toMatchObject({ kind: 'registry-change', label: 'bump' });
    const acquireCtx = { signal: new AbortController().signal, intend: async () => {} };
    expect(await change.acquire(acquireCtx)).toEqual({ count: 1 });
    const ctx = { reason: 'rollback', signal: new AbortController().signal } as const;
    await change.release({ count: 1 }, ctx);
    await change.release({ count: 1 }, ctx);
    expect(await store.read()).toEqual({ count: 0 });
  });

  it('keeps the mode of the file it replaces and leaves no temp file behind', async () => {
    const dir = tempDir();
    const path = join(dir, 'r.json');
    writeFileSync(path, '{"count":1}');
    chmodSync(path, 0o600);
    await counter(path).update((doc) => ({ ...doc, count: doc.count + 1 }));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['r.json']);
    // A mode the umask (022 here, or stricter) would narrow is restored, twice in a row.
    const shared = join(dir, 'shared.json');
    writeFileSync(shared, '{"count":1}');
    chmodSync(shared, 0o666);
    await counter(shared).update((doc) => ({ ...doc, count: doc.count + 1 }));
    await counter(shared).update((doc) => ({ ...doc, count: doc.count + 1 }));
    expect(statSync(shared).mode & 0o777).toBe(0o666);
  });

  it('validates its options', () => {
    const base = { path: 'r.json', schema: Counter, initial: () => ({ count: 0 }) };
    expect(() => new RegistryStore({ ...base, staleMs: 500 })).toThrow(InvalidOptionError);
    expect(() => new RegistryStore({ ...base, path: '' })).toThrow(/`path`/);
    expect(() => new RegistryStore({ ...base, schema: {} as never })).toThrow(/zod schema/);
  });
});
