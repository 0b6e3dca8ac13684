import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { parseQueueEntry } from '../../src/registry/queue-entries.js';
import { emptyTally, tallyStore } from '../fixtures/registry/tally.js';
import {
  isCommit,
  namesIn,
  type RunOutcome,
  type RunSpec,
  startRegistryFixture,
  TallyWorker,
  textOf,
  until,
} from './tally-processes.js';
import { tempDir } from './temp-dir.js';

/** Where `registry/serving-holder` SIGKILLs itself in the commit that carries the requests. */
const killPoints = [
  'claimed',
  'failed-recorded',
  'recorded',
  'temp-written',
  'written',
  'mid-publish',
] as const;
type KillPoint = (typeof killPoints)[number];

/** Registries per kill point, crashed at the same time. */
const trials = 3;
const waiterCount = 4;

/**
 * What the queue and the registry hold right after the kill — before anyone took the lock over
 * (a takeover needs the lock unrefreshed for `staleMs`, 2 s). `claimed` counts the requests still
 * claimed; `registry` is whether the registry holds the commit's document; `temp` the same for a
 * `<file>.<digits>` temp file. Mid-publish, one claim is already settled (and its waiter may have
 * taken the outcome away, with its `.failed` file).
 */
const afterKill: Record<KillPoint, Record<string, unknown>> = {
  claimed: { claimed: 4, failed: 0, commits: 0, registry: 'unchanged', temp: 'none' },
  'failed-recorded': { claimed: 4, failed: 1, commits: 0, registry: 'unchanged', temp: 'none' },
  recorded: { claimed: 4, failed: 1, commits: 1, registry: 'unchanged', temp: 'none' },
  'temp-written': { claimed: 4, failed: 1, commits: 1, registry: 'unchanged', temp: 'committed' },
  written: { claimed: 4, failed: 1, commits: 1, registry: 'committed', temp: 'none' },
  'mid-publish': { claimed: 3, commits: 1, registry: 'committed', temp: 'none' },
};

/** Whether the killed commit counts as applied: its registry rename happened. */
const committed = (point: KillPoint): boolean => afterKill[point].registry === 'committed';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The runs of waiter k: the first is claimed by the holder that is killed, the second follows. */
function runsOf(k: number): RunSpec[] {
  const writer = `w${k}`;
  // w1's request is long: it travels in a ticket file, the others in their tickets' names.
  const first = k === 1 ? { writer, pad: 'x'.repeat(300) } : { writer };
  // w3's first request fails alone (its operation throws), wherever it is applied.
  return [{ args: k === 3 ? { writer, fail: 'throw' } : first }, { args: { writer } }];
}

const ok: RunOutcome = { ok: true };
const expectedOutcomes = (k: number): unknown[] =>
  k === 3
    ? [expect.objectContaining({ ok: false, code: 'REGISTRY_OPERATION_FAILED' }), ok]
    : [ok, ok];

/** What the queue directory and the registry's directory hold right after the kill. */
function crashState(path: string): Record<string, unknown> {
  const queue = namesIn(`${path}.lock.queue`).map(parseQueueEntry);
  const commits = queue.flatMap((entry) => (entry?.kind === 'commit' ? [entry.sha] : []));
  const text = textOf(path);
  const temps = namesIn(join(path, '..')).filter((name) => /^tally\.json\.\d+$/.test(name));
  const temp = temps[0] === undefined ? undefined : join(path, '..', temps[0]);
  const holds = (file: string | undefined) =>
    file !== undefined && commits.length === 1 && sha256(readFileSync(file, 'utf8')) === commits[0];
  return {
    lock: existsSync(`${path}.lock`),
    claimed: queue.filter((entry) => entry?.kind === 'claimed').length,
    failed: queue.filter((entry) => entry?.kind === 'failed').length,
    commits: commits.length,
    registry: holds(text === undefined ? undefined : path) ? 'committed' : text,
    temp: temps.length === 0 ? 'none' : holds(temp) ? 'committed' : temps,
  };
}

describe('a lock holder SIGKILLed in the middle of a commit that carries other processes’ requests', () => {
  let waiters: TallyWorker[] = [];

  beforeAll(async () => {
    // Long-lived: each serves every registry of this file, under its own writer name.
    waiters = Array.from({ length: waiterCount }, () => new TallyWorker(110_000));
    await Promise.all(waiters.map((waiter) => waiter.ready()));
  });

  afterAll(async () => {
    await Promise.all(waiters.map((waiter) => waiter.exit())).finally(() => {
      for (const waiter of waiters) waiter.kill();
    });
  });

  /** One registry: a holder killed at `point` while it serves the waiters' first requests. */
  async function crashOnce(root: string, point: KillPoint, trial: number): Promise<void> {
    const dir = join(root, `${point}-${trial}`);
    mkdirSync(dir);
    const path = join(dir, 'tally.json');
    const queueDir = `${path}.lock.queue`;
    // The first registry starts missing; the others hold a document already.
    if (trial > 0) await tallyStore(path).update(() => emptyTally());
    const before = textOf(path);

    const at = `killed at "${point}", registry ${trial}`;
    const holder = startRegistryFixture('serving-holder', [path, point], 30_000);
    onTestFinished(() => {
      holder.kill('SIGKILL');
    });
    expect(await holder.getOneMessage()).toBe('holding');
    const runs = waiters.map((waiter, k) => waiter.run(path, runsOf(k)));
    await until(`${waiterCount} request tickets`, () => {
      const names = namesIn(queueDir).map(parseQueueEntry);
      return (
        names.filter((entry) => entry?.kind === 'ticket' && entry.request).length === waiterCount
      );
    });

    await holder.sendMessage('go');
    const killed = await holder.then(
      (result) => result,
      (error: { signal?: string }) => error,
    );
    const state = crashState(path);
    expect({ signal: killed.signal, ...state }, `${at}: what the holder left`).toEqual({
      signal: 'SIGKILL',
      lock: true,
      ...afterKill[point],
      ...(point === 'mid-publish' ? { failed: state.failed } : {}),
      ...(afterKill[point].registry === 'unchanged' ? { registry: before } : {}),
    });

    // Every waiter's run() settles once, as if nothing had happened.
    const outcomes = await Promise.all(runs);
    expect(outcomes, `${at}: outcomes`).toEqual(waiters.map((_, k) => expectedOutcomes(k)));

    // No update lost, none applied twice: the holder's own counts iff its write happened.
    const holderCount = committed(point) ? 1 : 0;
    expect(await tallyStore(path).read(), `${at}: registry`).toEqual({
      total: 7 + holderCount,
      by: { w0: 2, w1: 2, w2: 2, w3: 1, ...(holderCount ? { holder: 1 } : {}) },
    });
    const events = (await Promise.all(waiters.map((waiter) => waiter.events(path)))).flat();
    const commits = events.filter(isCommit);
    // Each of the 8 requests is counted by the commit that applied it: the killed holder's, when
    // it counts as applied, else the waiters' own.
    expect(
      {
        updates: commits.reduce((sum, event) => sum + event.updates, 0),
        failed: commits.reduce((sum, event) => sum + event.failed, 0),
      },
      `${at}: updates counted by the waiters' commits`,
    ).toEqual(committed(point) ? { updates: 4, failed: 0 } : { updates: 8, failed: 1 });
    // No 'takeover' event is asserted: when the waiter that removed the stale lock then loses the
    // mkdir race to another waiter, neither reports one (the winner's tookOver is false).
    if (point === 'temp-written') {
      // Swept by whichever waiter took the lock first: that store's first lock of this registry.
      const swept = events.flatMap((event) => (event.type === 'sweep' ? event.removed : []));
      expect(swept, `${at}: swept`).toEqual([expect.stringMatching(/tally\.json\.\d+$/)]);
    }

    // Nothing left: no claim, no commit record, no outcome, no temp file, no lock.
    expect(namesIn(queueDir), `${at}: queue leftovers`).toEqual([]);
    expect(
      namesIn(dir).filter((name) => name !== 'tally.json.lock.queue'),
      `${at}: registry directory`,
    ).toEqual(['tally.json']);
  }

  // Two kill points per test, each on `trials` registries at once: the 2 to 3 s a takeover waits
  // for the stale lock are spent once for all six crashes.
  const pairs = [0, 2, 4].map((i) => killPoints.slice(i, i + 2) as [KillPoint, KillPoint]);
  it.each(pairs)(
    `killed at "%s" or at "%s", ${trials} times each: every waiter's run() settles once, counts are exact, nothing is left`,
    async (...points) => {
      const root = tempDir();
      await Promise.all(
        points.flatMap((point) =>
          Array.from({ length: trials }, (_, trial) => crashOnce(root, point, trial)),
        ),
      );
    },
  );
});
