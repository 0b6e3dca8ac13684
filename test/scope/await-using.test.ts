import { describe, expect, it } from 'vitest';
import { isLeakproofError, ResourceScope, RollbackError } from '../../src/index.js';
import { recordingResource } from '../support/recording-resource.js';

describe('await using ResourceScope', () => {
  it('rolls back when the block throws', async () => {
    const log: string[] = [];
    const body = async () => {
      await using scope = new ResourceScope();
      await scope.acquire(recordingResource('a', log));
      throw new Error('step failed');
    };
    await expect(body()).rejects.toThrow('step failed');
    expect(log).toEqual(['acquire:a', 'release:a']);
  });

  it('rolls back on an early return', async () => {
    const log: string[] = [];
    const body = async (bail: boolean) => {
      await using scope = new ResourceScope();
      await scope.acquire(recordingResource('a', log));
      if (bail) return 'bailed';
      await scope.commit();
      return 'kept';
    };
    expect(await body(true)).toBe('bailed');
    expect(log).toEqual(['acquire:a', 'release:a']);
  });

  it('keeps everything after commit()', async () => {
    const log: string[] = [];
    let state = '';
    {
      await using scope = new ResourceScope();
      await scope.acquire(recordingResource('a', log));
      await scope.acquire(recordingResource('b', log));
      await scope.commit();
      state = scope.state;
    }
    expect(state).toBe('committed');
    expect(log).toEqual(['acquire:a', 'acquire:b']);
  });

  it('throws RollbackError with the report when a release fails', async () => {
    const body = async () => {
      await using scope = new ResourceScope({ name: 'dispose' });
      await scope.acquire(recordingResource('ok', []));
      await scope.acquire(recordingResource('bad', [], 'reject'));
    };
    const error = await body().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(RollbackError);
    expect(error).toBeInstanceOf(AggregateError);
    const rollbackError = error as RollbackError;
    expect(isLeakproofError(rollbackError)).toBe(true);
    expect(rollbackError.code).toBe('ROLLBACK_FAILED');
    expect(rollbackError.report.entries.map((entry) => entry.status)).toEqual([
      'failed',
      'released',
    ]);
    expect((rollbackError.errors[0] as Error).message).toBe('async failure in bad');
  });

  it('delivers both the body error and the RollbackError without a SuppressedError global', async () => {
    // Node 20 and 22 lack the global; the language (or its down-levelling) must cope without it.
    const saved = (globalThis as { SuppressedError?: unknown }).SuppressedError;
    delete (globalThis as { SuppressedError?: unknown }).SuppressedError;
    try {
      const body = async () => {
        await using scope = new ResourceScope();
        await scope.acquire(recordingResource('bad', [], 'throw-sync'));
        throw new Error('body failed');
      };
      const error = (await body().catch((caught: unknown) => caught)) as {
        error: unknown;
        suppressed: unknown;
      };
      expect(error.error).toBeInstanceOf(RollbackError);
      expect((error.suppressed as Error).message).toBe('body failed');
    } finally {
      if (saved !== undefined)
        (globalThis as { SuppressedError?: unknown }).SuppressedError = saved;
    }
  });
});

describe('ResourceScope.run', () => {
  it('commits when the function resolves and returns its value', async () => {
    const log: string[] = [];
    const value = await ResourceScope.run(async (scope) =>
      scope.acquire(recordingResource('a', log)),
    );
    expect(value).toBe('a');
    expect(log).toEqual(['acquire:a']);
  });

  it('rolls back and rethrows the original error when the function throws', async () => {
    const log: string[] = [];
    const failure = new Error('deploy failed');
    await expect(
      ResourceScope.run(async (scope) => {
        await scope.acquire(recordingResource('a', log));
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(log).toEqual(['acquire:a', 'release:a']);
  });

  it('throws RollbackError carrying the report and the body error as cause when a release fails', async () => {
    const failure = new Error('deploy failed');
    const error = await ResourceScope.run(
      async (scope) => {
        await scope.acquire(recordingResource('bad', [], 'reject'));
        throw failure;
      },
      { name: 'run' },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RollbackError);
    expect((error as RollbackError).cause).toBe(failure);
    expect((error as RollbackError).report).toMatchObject({ scope: 'run', ok: false });
  });
});
