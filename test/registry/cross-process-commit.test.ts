import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { InvalidOptionError } from '../../src/errors/invalid-option-error.js';
import { parseQueueEntry } from '../../src/registry/queue-entries.js';
import {
  RegistryInvalidDocumentError,
  RegistryOperationError,
} from '../../src/registry/registry-errors.js';
import { defineRegistryOperation } from '../../src/registry/registry-operation.js';
import { RegistryStore } from '../../src/registry/registry-store.js';
import {
  type BumpArgs,
  bump,
  emptyTally,
  TallySchema,
  tallyStore,
} from '../fixtures/registry/tally.js';
import {
  type CommitEvent,
  namesIn,
  type ReaderSummary,
  type RunOutcome,
  startRegistryFixture,
  startTallyReader,
  TallyWorker,
  until,
} from './tally-processes.js';
import { tempDir } from './temp-dir.js';

const writers = 8;
const runsEach = 100;

/** Worker processes for one test, killed after it whatever happens. */
async function startWorkers(count: number, timeout: number): Promise<TallyWorker[]> {
  const workers = Array.from({ length: count }, () => new TallyWorker(timeout));
  onTestFinished(() => {
    for (const worker of workers) worker.kill();
  });
  await Promise.all(workers.map((worker) => worker.ready()));
  return workers;
}

/** How a `run()` that failed reads, as the test compares it. */
function failure(outcome: RunOutcome | undefined): Record<string, unknown> | undefined {
  if (outcome === undefined || outcome.ok) return undefined;
  const { name, code, operationError, invalidDocument } = outcome;
  return { name, code, operationError, invalidDocument };
}

/** The same, for an error thrown in this process. */
async function failureOf(
  run: Promise<void>,
): Promise<Record<string, unknown> & { message: string }> {
  const error = (await run.then(
    () => new Error('expected a rejection'),
    (error: unknown) => error,
  )) as Error & { code?: string };
  return {
    name: error.name,
    code: error.code,
    message: error.message,
    operationError: error instanceof RegistryOperationError,
    invalidDocument: error instanceof RegistryInvalidDocumentError,
  };
}

/** Request tickets waiting in a lock queue directory. */
function requestTickets(queueDir: string): string[] {
  return namesIn(queueDir).filter((name) => {
    const entry = parseQueueEntry(name);
    return entry?.kind === 'ticket' && entry.request;
  });
}

describe('RegistryStore.run() across processes (cross-process group commit)', () => {
  it(`${writers} processes × ${runsEach} run() calls: exact counts, requests applied by other processes, a reader never sees a bad file`, async () => {
    const dir = tempDir();
    const path = join(dir, 'tally.json');
    const reader = startTallyReader(path, 60_000);
    onTestFinished(() => {
      reader.kill('SIGKILL');
    });
    const workers = await startWorkers(writers, 60_000);

    const outcomes = await Promise.all(
      workers.map((worker, k) =>
        worker.run(
          path,
          Array.from({ length: runsEach }, () => ({ args: { writer: `w${k}` } })),
        ),
      ),
    );
    reader.stdin?.end();
    const seen = JSON.parse((await reader).stdout) as ReaderSummary;
    const commits = (await Promise.all(workers.map((worker) => worker.commits(path)))).flat();
    await Promise.all(workers.map((worker) => worker.exit()));

    expect(outcomes.flat().filter((outcome) => !outcome.ok)).toEqual([]);
    const tally = await tallyStore(path).read();
    expect(tally).toEqual({
      total: writers * runsEach,
      by: Object.fromEntries(workers.map((_, k) => [`w${k}`, runsEach])),
    });
    expect(seen).toMatchObject({ invalid: 0, regressions: 0 });
    expect(seen.reads).toBeGreaterThan(0);

    // Each run() is counted by exactly one commit, in whichever process applied it.
    const sum = (key: 'updates' | 'failed') =>
      commits.reduce((total, event: CommitEvent) => total + event[key], 0);
    expect({ updates: sum('updates'), failed: sum('failed') }).toEqual({
      updates: writers * runsEach,
      failed: 0,
    });
    // A worker has one run() in flight at a time, so a commit that carried two or more updates
    // applied at least one request of another process. (`remote > 0` alone proves nothing: a
    // process that takes the lock with its own request queued claims it like any other.)
    const crossProcess = commits.filter((event) => event.remote > 0 && event.updates >= 2);
    expect(crossProcess.length).toBeGreaterThan(0);
    expect(commits.filter((event) => event.wrote).length).toBeLessThan(writers * runsEach);

    // Nothing is left in the queue (the last one out may or may not remove the directory).
    expect(namesIn(`${path}.lock.queue`)).toEqual([]);
    expect(readdirSync(dir).filter((name) => name !== 'tally.json.lock.queue')).toEqual([
      'tally.json',
    ]);
  });

  it('a failing operation applied by another process rejects only its own run(), with the error it would have thrown here', async () => {
    const dir = tempDir();
    const path = join(dir, 'tally.json');
    const queueDir = `${path}.lock.queue`;
    // Holds the lock until 'go', then serves the queue; it knows `bump` but not `bump-twice`.
    const holder = startRegistryFixture('serving-holder', [path, 'none'], 30_000);
    onTestFinished(() => {
      holder.kill('SIGKILL');
    });
    // Listening at once: a message that arrives with no listener is dropped.
    const holding = holder.getOneMessage();
    const [a, b, c] = await startWorkers(3, 30_000);
    if (a === undefined || b === undefined || c === undefined) throw new Error('no workers');
    expect(await holding).toBe('holding');

    // One batch of four requests (one ticket file), then two single requests (inline tickets).
    const fromA = a.run(
      path,
      [
        { args: { writer: 'a', fail: 'throw' } },
        { args: { writer: 42 } },
        { args: { writer: 'a', fail: 'invalid' } },
        { args: { writer: 'a' } },
      ],
      true,
    );
    await until('the batch of a to be queued', () => requestTickets(queueDir).length === 1);
    const fromB = b.run(path, [{ args: { writer: 'b' } }]);
    await until('b to be queued', () => requestTickets(queueDir).length === 2);
    const fromC = c.run(path, [{ op: 'bump-twice', args: { writer: 'c' } }]);
    await until('c to be queued', () => requestTickets(queueDir).length === 3);

    const served = holder.getOneMessage();
    await holder.sendMessage('go');
    const { events } = (await served) as { events: CommitEvent[] };
    const [outcomesA, outcomesB, outcomesC] = await Promise.all([fromA, fromB, fromC]);
    await holder;

    // The holder applied its own update and the five requests of a and b in one write; c's
    // operation is unknown to it, so c applied its request itself once the lock was free.
    expect(events.filter((event) => event.type === 'commit')).toEqual([
      expect.objectContaining({ updates: 6, remote: 5, failed: 3, wrote: true }),
    ]);
    expect(await a.commits(path)).toEqual([]);
    expect(await b.commits(path)).toEqual([]);
    expect(await c.commits(path)).toEqual([
      expect.objectContaining({ updates: 1, remote: 1, failed: 0, wrote: true }),
    ]);

    const operationFailed = {
      name: 'RegistryOperationError',
      code: 'REGISTRY_OPERATION_FAILED',
      operationError: true,
      invalidDocument: false,
    };
    const invalidDocument = {
      name: 'RegistryInvalidDocumentError',
      code: 'REGISTRY_INVALID_DOCUMENT',
      operationError: false,
      invalidDocument: true,
    };
    expect(outcomesA?.map(failure)).toEqual([
      operationFailed,
      operationFailed,
      invalidDocument,
      undefined,
    ]);
    expect(outcomesB).toEqual([{ ok: true }]);
    expect(outcomesC).toEqual([{ ok: true }]);
    expect(await tallyStore(path).read()).toEqual({
      total: 5,
      by: { holder: 1, a: 1, b: 1, c: 2 },
    });

    // The same failures, applied in this process (the lock is free): they read the same.
    const store = tallyStore(path);
    const local = [
      await failureOf(store.run(bump, { writer: 'a', fail: 'throw' })),
      await failureOf(store.run(bump, { writer: 42 } as unknown as BumpArgs)),
      await failureOf(store.run(bump, { writer: 'a', fail: 'invalid' })),
    ];
    const remote = outcomesA?.slice(0, 3) ?? [];
    expect(local.map(({ message: _, ...rest }) => rest)).toEqual(remote.map(failure));
    expect(local.map(({ message }) => message)).toEqual(
      remote.map((outcome) => (outcome.ok ? '' : outcome.message)),
    );
    expect(local[0]?.message).toContain('bump refused for a');
    expect(local[1]?.message).toContain('invalid arguments');
    expect(await store.read()).toEqual({ total: 5, by: { holder: 1, a: 1, b: 1, c: 2 } });

    await Promise.all([a, b, c].map((worker) => worker.exit()));
    expect(namesIn(queueDir)).toEqual([]);
  });

  describe('bad input', () => {
    const notJson: [string, unknown][] = [
      ['a function', { writer: 'x', call: () => 1 }],
      ['undefined inside an object', { writer: 'x', pad: undefined }],
      ['undefined inside an array', { writer: 'x', list: [undefined] }],
      ['a BigInt', { writer: 'x', big: 1n }],
      ['NaN', { writer: 'x', n: Number.NaN }],
      ['a Date', { writer: 'x', at: new Date(0) }],
      ['a Map', new Map([['writer', 'x']])],
    ];

    it.each(notJson)(
      'args with %s: run() rejects at once with InvalidOptionError and writes nothing; a run() of the same tick commits',
      async (_, args) => {
        const dir = tempDir();
        const path = join(dir, 'tally.json');
        const store = tallyStore(path);
        const bad = store.run(bump, args as BumpArgs);
        const good = store.run(bump, { writer: 'good' });
        // Rejected before anything was queued: before the next turn of the event loop.
        const early = await Promise.race([
          bad.then(
            () => 'resolved',
            (error: unknown) => error,
          ),
          new Promise((resolve) => setImmediate(() => resolve('pending'))),
        ]);
        expect(early).toBeInstanceOf(InvalidOptionError);
        expect(early).toMatchObject({ code: 'INVALID_OPTION', option: 'args' });
        await good;
        expect(await store.read()).toEqual({ total: 1, by: { good: 1 } });
        expect(readdirSync(dir).filter((name) => name !== 'tally.json.lock.queue')).toEqual([
          'tally.json',
        ]);
      },
    );

    it('args that are not JSON, alone: nothing is created at all', async () => {
      const dir = tempDir();
      const store = tallyStore(join(dir, 'tally.json'));
      await expect(store.run(bump, { writer: 'x', big: 1n } as BumpArgs)).rejects.toBeInstanceOf(
        InvalidOptionError,
      );
      await expect(
        store.run(bump, { writer: 'x', call: () => 1 } as unknown as BumpArgs),
      ).rejects.toBeInstanceOf(InvalidOptionError);
      expect(readdirSync(dir)).toEqual([]);
    });

    // `z.json()` accepts a cycle; JSON.stringify would then have failed the whole batch.
    it('cyclic args: InvalidOptionError at once, and a run() of the same tick commits', async () => {
      const dir = tempDir();
      const store = tallyStore(join(dir, 'tally.json'));
      const cyclic: Record<string, unknown> = { writer: 'x' };
      cyclic.self = cyclic;
      const settled = (run: Promise<void>) =>
        run.then(
          () => 'ok',
          (error: unknown) => error,
        );
      const [bad, good] = await Promise.all([
        settled(store.run(bump, cyclic as BumpArgs)),
        settled(store.run(bump, { writer: 'good' })),
      ]);
      expect(bad).toBeInstanceOf(InvalidOptionError);
      expect(good).toBe('ok');
      expect(await store.read()).toEqual({ total: 1, by: { good: 1 } });
    });

    // A non-JSON value slipped in afterwards would otherwise fail the whole batch.
    it('args are taken when run() is called: changing them afterwards changes nothing', async () => {
      const dir = tempDir();
      const store = tallyStore(join(dir, 'tally.json'));
      const args: Record<string, unknown> = { writer: 'a' };
      const first = store.run(bump, args as BumpArgs);
      args.writer = 'b';
      await first;
      expect(await store.read()).toEqual({ total: 1, by: { a: 1 } });
    });

    it('two different operations under one name on one store: InvalidOptionError, nothing applied', async () => {
      const dir = tempDir();
      const path = join(dir, 'tally.json');
      const impostor = defineRegistryOperation({
        name: 'bump',
        schema: TallySchema,
        args: bump.args,
        apply: () => ({ total: 1_000, by: {} }),
      });
      const store = tallyStore(path);
      // The store already knows `bump` (its `operations` option).
      await expect(store.run(impostor, { writer: 'x' })).rejects.toBeInstanceOf(InvalidOptionError);
      await expect(store.run(impostor, { writer: 'x' })).rejects.toMatchObject({
        code: 'INVALID_OPTION',
        option: 'operation',
      });
      expect(readdirSync(dir)).toEqual([]);

      // Learned from a first run(): the same again.
      const fresh = tallyStore(path, { knowsAll: false });
      await fresh.run(bump, { writer: 'a' });
      await fresh.run(bump, { writer: 'a' });
      await expect(fresh.run(impostor, { writer: 'x' })).rejects.toBeInstanceOf(InvalidOptionError);
      expect(await fresh.read()).toEqual({ total: 2, by: { a: 2 } });

      // And in the `operations` option itself.
      const both = { path, schema: TallySchema, initial: emptyTally, operations: [bump, impostor] };
      expect(() => new RegistryStore(both)).toThrow(InvalidOptionError);
    });
  });
});
