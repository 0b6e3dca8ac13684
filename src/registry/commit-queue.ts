import { type CommitContext, type CommitResult, commitBatch } from './commit-batch.js';
import { InterProcessLock, type LockHold, type RequestDone } from './inter-process-lock.js';
import { type OperationRequest, parseFailures, serializeRequests } from './operation-requests.js';
import type { PendingUpdate } from './pending-update.js';
import { emitRegistryEvent } from './registry-events.js';
import type { ParsedRegistryOptions } from './registry-store-options.js';
import { sweepTempFiles } from './sweep-temp-files.js';

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

  constructor(context: CommitContext<T>) {
    this.#context = context;
    this.#options = context.options;
    this.#lock = new InterProcessLock(context.options);
  }

  /** Queues an update; updates queued in the same tick share one commit. */
  push(update: PendingUpdate<T>): void {
    if (update.settled) return;
    this.#queue.push(update);
    if (this.#draining) return;
    this.#draining = true;
    queueMicrotask(() => void this.#drain());
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
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0);
      const run = this.#exclusive.then(() => this.#commit(batch));
      this.#exclusive = run.catch(() => undefined);
      // Callers are settled only after the lock is released, so their next updates queue behind.
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
      : await this.#lock.acquire(serializeRequests(requests));
    if ('release' in hold && (closures || !this.#lock.queued)) {
      // Nothing of this batch is in the queue: commit it here.
      (await this.#holding(hold, (held) => this.#commitHeld(held, live))).settle();
      return;
    }
    const done = await this.#awaitRequests(hold);
    this.#settleFromOutcome(live, requests, await this.#lock.takeOutcome(done.failed));
  }

  /** The batch went into the lock queue as requests: see them applied, by us or another holder. */
  async #awaitRequests(first: LockHold | RequestDone): Promise<RequestDone> {
    let next = first;
    while ('release' in next) {
      // Our own ticket is claimed and applied like any waiter's.
      const outcome = await this.#holding(next, (held) => this.#commitHeld(held, [])).then(
        () => ({ failed: false as const }),
        (error: unknown) => ({ failed: true as const, error }),
      );
      const state = await this.#lock.ticketState();
      if (state.state === 'done') return state;
      if (outcome.failed && state.state === 'queued' && (await this.#lock.withdraw())) {
        throw outcome.error;
      }
      next = await this.#lock.resume();
    }
    return next;
  }

  async #commitHeld(hold: LockHold, local: readonly PendingUpdate<T>[]): Promise<CommitResult> {
    const result = await commitBatch(this.#context, hold, local);
    emitRegistryEvent(this.#options.onEvent, result.event);
    return result;
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
