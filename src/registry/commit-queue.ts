import { nextTurn } from '../internal/next-turn.js';
import { type CommitContext, commitBatch, type KnownDocument } from './commit-batch.js';
import { InterProcessLock } from './inter-process-lock.js';
import type { LockHold } from './lock-hold.js';
import { type OperationRequest, parseFailures, serializeRequests } from './operation-requests.js';
import type { PendingUpdate } from './pending-update.js';
import { emitRegistryEvent } from './registry-events.js';
import type { ParsedRegistryOptions } from './registry-store-options.js';
import { sweepTempFiles } from './sweep-temp-files.js';

/** Consecutive commits one lock holding may run (see `#serve`). */
const maxRounds = 32;
/** How long one holding may keep committing new work before letting others take the lock. */
const maxHoldMs = 50;

/** A batch this process left in the queue as a request ticket, until its outcome is known. */
interface PostedBatch<T> {
  readonly live: readonly PendingUpdate<T>[];
  readonly requests: readonly OperationRequest[];
  settled?: boolean;
}

/**
 * The write side of one {@link RegistryStore}: queues its updates, and commits each batch either
 * by taking the lock (then it also applies what other processes left in the lock queue) or — when
 * the lock is busy and every update of the batch is a named operation — by leaving the batch in
 * the queue for the current holder to apply, so one write carries the updates of many processes.
 */
export class CommitQueue<T> {
  readonly #options: ParsedRegistryOptions<T>;
  readonly #context: CommitContext<T>;
  readonly #lock: InterProcessLock;
  #queue: PendingUpdate<T>[] = [];
  #draining = false;
  #exclusive: Promise<unknown> = Promise.resolve();
  #lastSweep = Number.NEGATIVE_INFINITY;
  /** Whether the last batch of requests found the lock busy: the next one queues at once. */
  #contended = false;

  constructor(context: CommitContext<T>) {
    this.#context = context;
    this.#options = context.options;
    this.#lock = new InterProcessLock(context.options);
  }

  /** Queues an update; updates queued before the event loop's next turn share one commit. */
  push(update: PendingUpdate<T>): void {
    if (update.settled) return;
    this.#queue.push(update);
    if (this.#draining) return;
    this.#draining = true;
    void this.#drain();
  }

  /**
   * Runs `task` holding the lock, after the sweep; one lock-holding task of this store at a time
   * (the lock is not reentrant).
   */
  exclusive<R>(task: (hold: LockHold) => Promise<R>): Promise<R> {
    const run = this.#exclusive.then(async () => this.#holding(await this.#lock.acquire(), task));
    this.#exclusive = run.catch(() => undefined);
    return run;
  }

  async #drain(): Promise<void> {
    // A turn of the event loop before each batch: updates issued meanwhile join it, and a loop of
    // updates that write nothing (no thread-pool call: `inline-fs.ts`) still lets other I/O run.
    for (;;) {
      await nextTurn();
      if (this.#queue.length === 0) break;
      const batch = this.#queue.splice(0);
      const run = this.#exclusive.then(() => this.#commit(batch));
      this.#exclusive = run.catch(() => undefined);
      // A batch's last callers are settled after the lock is released (see `#serve`).
      await run.catch((error: unknown) => {
        for (const update of batch) update.reject(error);
      });
    }
    this.#draining = false;
  }

  async #commit(batch: readonly PendingUpdate<T>[]): Promise<void> {
    // From here on an update's fate is the commit's: it can no longer be aborted.
    const live = batch.filter((update) => update.claim());
    if (live.length === 0) return;
    const requests = live.flatMap((update) => (update.request ? [update.request] : []));
    // Closures cannot travel to another process: such a batch waits for the lock itself.
    const closures = requests.length < live.length;
    const hold = closures
      ? await this.#lock.acquire()
      : await this.#lock.acquire(serializeRequests(requests), this.#contended);
    if ('release' in hold && (closures || !this.#lock.queued)) {
      // Nothing of this batch is in the queue: commit it here.
      this.#contended = false;
      (await this.#holding(hold, (held) => this.#serve(held, live)))();
      return;
    }
    this.#contended = true;
    const posted: PostedBatch<T> = { live, requests };
    let next = hold;
    while ('release' in next) {
      // Our own ticket is claimed and applied like any waiter's.
      const failure = await this.#holding(next, (held) => this.#serve(held, [], posted)).then(
        (settle) => settle(),
        (error: unknown) => ({ error }),
      );
      if (posted.settled) return;
      const state = await this.#lock.ticketState();
      if (state.state === 'done') {
        (await this.#takePosted(posted, state.failed))();
        return;
      }
      if (failure && state.state === 'queued' && (await this.#lock.withdraw())) throw failure.error;
      next = await this.#lock.resume();
    }
    (await this.#takePosted(posted, next.failed))();
  }

  /**
   * Commits while holding the lock: `local`, then — while the last round applied other
   * processes' requests or this process queued more updates, nobody waits to take the lock with
   * closures, and within {@link maxRounds} and {@link maxHoldMs} — the next ones, without
   * releasing the lock or re-reading the registry in between. Callers of a round that is
   * followed by another are settled at once, so their next updates can join it.
   *
   * @returns How to settle the last round's callers, once the lock is released.
   */
  async #serve(
    hold: LockHold,
    local: readonly PendingUpdate<T>[],
    posted?: PostedBatch<T>,
  ): Promise<() => void> {
    const started = performance.now();
    let known: KnownDocument<T> | undefined;
    let batch = local;
    for (let round = 1; ; round++) {
      const result = await commitBatch(this.#context, hold, batch, known);
      if (result.event) emitRegistryEvent(this.#options.onEvent, result.event);
      const settle = await this.#withPosted(result.settle, posted);
      known = result.document;
      const more = (result.event?.remote ?? 0) > 0 || this.#queue.length > 0;
      const stop = !more || result.othersWaiting || round >= maxRounds;
      if (stop || performance.now() - started > maxHoldMs) {
        await result.tidy();
        return settle;
      }
      settle();
      // Let the callers just settled issue their next updates, to join the next round.
      await nextTurn();
      batch = this.#queue.splice(0);
    }
  }

  /** `settle`, plus settling our own posted batch if this round's commit applied it. */
  async #withPosted(settle: () => void, posted?: PostedBatch<T>): Promise<() => void> {
    if (posted === undefined || posted.settled) return settle;
    const state = await this.#lock.ticketState();
    if (state.state !== 'done') return settle;
    const settlePosted = await this.#takePosted(posted, state.failed);
    return () => {
      settle();
      settlePosted();
    };
  }

  /** Reads our posted batch's outcome (it is `done`); returns how to settle its callers. */
  async #takePosted(posted: PostedBatch<T>, failed: boolean): Promise<() => void> {
    const failedText = await this.#lock.takeOutcome(failed);
    posted.settled = true;
    return () => this.#settleFromOutcome(posted.live, posted.requests, failedText);
  }

  #settleFromOutcome(
    live: readonly PendingUpdate<T>[],
    requests: readonly OperationRequest[],
    failedText: string | undefined,
  ): void {
    const errors =
      failedText === undefined ? [] : parseFailures(this.#options.path, failedText, requests);
    for (const [index, update] of live.entries()) {
      const error = errors[index];
      if (error === undefined) update.resolve(undefined);
      else update.reject(error);
    }
  }

  /** Runs `task` with the lock, after sweeping what a crashed holder may have left; releases it. */
  async #holding<R>(hold: LockHold, task: (hold: LockHold) => Promise<R>): Promise<R> {
    const { onEvent, staleMs, path } = this.#options;
    try {
      if (hold.tookOver) emitRegistryEvent(onEvent, { type: 'takeover', path });
      // Temp files exist only if a writer died holding the lock. The waiter that removed its lock
      // sweeps at once; as another waiter may win the lock after that removal, every store also
      // sweeps on its first lock and then once per `staleMs`.
      const now = performance.now();
      if (hold.tookOver || now - this.#lastSweep > staleMs) {
        this.#lastSweep = now;
        const removed = await sweepTempFiles(path);
        if (removed.length > 0) emitRegistryEvent(onEvent, { type: 'sweep', path, removed });
      }
      return await task(hold);
    } finally {
      await hold.release();
    }
  }
}
