import { LockFs, type LockfileFs, type LockPaths } from './lock-fs.js';
import { holdOf, type LockHold } from './lock-hold.js';

export type { LockHold } from './lock-hold.js';

import { LockQueue, type QueueState } from './lock-queue.js';
import { RegistryIoError, RegistryLockTimeoutError } from './registry-errors.js';
import { waitForRemoval } from './wait-for-removal.js';

/** How the lock of one registry behaves. */
export interface LockSettings {
  readonly path: string;
  readonly staleMs: number;
  readonly lockWaitMs: number;
  readonly now: () => number;
}

/** A request that another lock holder applied; `failed` when some of it failed alone. */
export type RequestDone = Extract<QueueState, { state: 'done' }>;

type Lockfile = typeof import('proper-lockfile');
let loadingLockfile: Promise<Lockfile> | undefined;

/** proper-lockfile installs process exit handlers when loaded: load it on the first lock only. */
function loadLockfile(): Promise<Lockfile> {
  loadingLockfile ??= import('proper-lockfile').then((module) => module.default);
  return loadingLockfile;
}

/** Polling cap while waiting: a fallback only, waiters are woken by inotify. */
const maxPollMs = 100;

/**
 * The inter-process lock of one registry: proper-lockfile's `mkdir` lock with `retries: 0`,
 * wrapped in a waiting loop: waiters queue in arrival order ({@link LockQueue}), are woken when
 * the lock or the waiter ahead goes away ({@link waitForRemoval}), poll with jittered exponential
 * backoff as a fallback, and give up after `lockWaitMs` (maxRetryTime-style). The loop is ours
 * rather than proper-lockfile's `retries` so a release wakes the next waiter at once, in turn.
 */
export class InterProcessLock {
  readonly #settings: LockSettings;
  readonly #paths: LockPaths;
  readonly #queue: LockQueue;
  #current: LockFs;
  /**
   * One `fs` object for every acquisition, delegating to the current one's {@link LockFs}:
   * proper-lockfile caches its mtime-precision probe on the object, which saves a `utimes` (a
   * journalled metadata write) per acquisition.
   */
  readonly #fs: LockfileFs = {
    mkdir: (path, callback) => this.#current.fs.mkdir(path, callback),
    stat: (path, callback) => this.#current.fs.stat(path, callback),
    utimes: (path, atime, mtime, callback) => this.#current.fs.utimes(path, atime, mtime, callback),
    rmdir: (path, callback) => this.#current.fs.rmdir(path, callback),
    rmdirSync: (path) => this.#current.fs.rmdirSync(path),
  };

  constructor(settings: LockSettings) {
    this.#settings = settings;
    const lock = `${settings.path}.lock`;
    this.#paths = { lock, takeover: `${lock}.takeover` };
    this.#queue = new LockQueue(lock);
    this.#current = new LockFs(this.#paths, settings.staleMs, settings.now);
  }

  /**
   * Takes the lock, waiting up to `lockWaitMs`: at once when nobody is queued, otherwise in turn.
   * With `requests` (a request file's text), waiting leaves them in the queue for the holder to
   * apply: this resolves with {@link RequestDone} once one did (read the outcome with
   * {@link InterProcessLock.takeOutcome}); if this waiter takes the lock itself first, its own
   * request ticket is still queued and is served like any other. `queueFirst` skips the check
   * for a free lock, for a caller that found it busy last time (it saves a `readdir`).
   *
   * @throws {@link RegistryLockTimeoutError} (requests not applied) or {@link RegistryIoError}.
   */
  acquire(): Promise<LockHold>;
  acquire(requests: string, queueFirst: boolean): Promise<LockHold | RequestDone>;
  async acquire(requests?: string, queueFirst = false): Promise<LockHold | RequestDone> {
    const started = performance.now();
    // A free lock is taken at once — by a closure batch only when nobody is queued (fairness); a
    // request batch skips that check, as its commit serves every queued request anyway.
    const mayTry = requests === undefined ? !(await this.#queue.othersWaiting()) : !queueFirst;
    if (mayTry) {
      const acquired = await this.#tryLock();
      if (acquired) return holdOf(acquired, 0, this.#settings.path);
    }
    try {
      await this.#queue.join(requests);
    } catch (error) {
      throw new RegistryIoError(this.#settings.path, 'queue', error);
    }
    const own = this.#queue.ticketPath;
    const expectClaim = queueFirst && requests !== undefined && own !== undefined;
    if (expectClaim) {
      // The lock was busy last time: expect it still is, and that a holder claims our ticket —
      // so wait for either before looking at the queue at all.
      await waitForRemoval([this.#paths.lock, own], pollDelay(0));
    }
    return this.#awaitTurn(started, requests !== undefined, expectClaim);
  }

  /**
   * Goes on waiting with the request ticket already queued, after this process held the lock
   * without settling it (its commit failed): {@link RequestDone} once another holder applied it.
   */
  resume(): Promise<LockHold | RequestDone> {
    return this.#awaitTurn(performance.now(), true, false);
  }

  /** Whether this process has a ticket in the lock queue (it had to wait). */
  get queued(): boolean {
    return this.#queue.ticketPath !== undefined;
  }

  /** Where this process's request ticket stands. */
  ticketState(): Promise<QueueState> {
    return this.#queue.state();
  }

  /** Withdraws the queued request ticket; `false` when a holder claimed it first. */
  withdraw(): Promise<boolean> {
    return this.#queue.leave();
  }

  /** Once the request is `done`: its `.failed` text, if some of it failed; cleans up after it. */
  takeOutcome(failed: boolean): Promise<string | undefined> {
    return this.#queue.takeOutcome(failed);
  }

  async #awaitTurn(
    started: number,
    request: boolean,
    woken: boolean,
  ): Promise<LockHold | RequestDone> {
    const { path, staleMs, lockWaitMs } = this.#settings;
    try {
      let head = false;
      for (let attempt = 0; ; attempt++) {
        if (request && (woken || attempt > 0) && (await this.#claimApplied(attempt))) {
          return { state: 'done', failed: false };
        }
        const waited = performance.now() - started;
        // Once at the head, a plain ticket stays at the head (later tickets sort after it): skip
        // the readdir. A request ticket re-reads, as a holder may have claimed it meanwhile.
        const state: QueueState =
          head && !request ? { state: 'queued', ahead: undefined } : await this.#queue.state();
        if (state.state === 'done') return state;
        if (state.state === 'missing' && request) {
          throw new RegistryIoError(path, 'queue', new Error('the request ticket disappeared'));
        }
        const claimed: string | undefined = state.state === 'claimed' ? state.path : undefined;
        const ahead: string | undefined = state.state === 'queued' ? state.ahead : undefined;
        head = claimed === undefined && ahead === undefined;
        // Past staleMs the head, or the holder that claimed our request, may be a paused or dead
        // process: try regardless (the lock's own staleness check decides).
        if (head || waited > staleMs) {
          const acquired = await this.#tryLock();
          if (acquired) {
            if (!request) await this.#queue.leave();
            return holdOf(acquired, performance.now() - started, path);
          }
        }
        const remaining = lockWaitMs - waited;
        if (remaining <= 0 && claimed === undefined) {
          if (await this.#queue.leave()) throw new RegistryLockTimeoutError(path, waited);
          continue; // Claimed meanwhile: its outcome decides.
        }
        // A claimed request is waited for past lockWaitMs: it is being applied right now.
        const delay = claimed ? pollDelay(attempt) : Math.min(remaining, pollDelay(attempt));
        const own = request ? this.#queue.ticketPath : undefined;
        await waitForRemoval(this.#watched(claimed, ahead, own), delay);
      }
    } catch (error) {
      await this.#queue.leave();
      throw error;
    }
  }

  /**
   * After a wake-up, the usual reason is that a holder claimed our request ticket: wait for that
   * claim's outcome and take an `ok` at once, without reading the queue (a claim that does not
   * exist ends the wait at once).
   */
  async #claimApplied(attempt: number): Promise<boolean> {
    const claimed = this.#queue.claimedPath;
    if (claimed === undefined) return false;
    await waitForRemoval([claimed], pollDelay(attempt));
    return this.#queue.takeOk();
  }

  /**
   * What to wait for: a claimed request's outcome; else the ticket ahead, or the lock when at the
   * head — and a request ticket itself, which a holder may claim at any moment.
   */
  #watched(claimed?: string, ahead?: string, request?: string): string[] {
    if (claimed !== undefined) return [claimed];
    const turn = ahead ?? this.#paths.lock;
    return request === undefined ? [turn] : [turn, request];
  }

  async #tryLock(): Promise<{ lockFs: LockFs; release: () => Promise<void> } | undefined> {
    const { path, staleMs, now } = this.#settings;
    const lockFs = new LockFs(this.#paths, staleMs, now);
    this.#current = lockFs;
    try {
      const lockfile = await loadLockfile();
      const release = await lockfile.lock(path, {
        lockfilePath: this.#paths.lock,
        realpath: false,
        stale: staleMs,
        retries: 0,
        fs: this.#fs,
        onCompromised: (error) => lockFs.markCompromised(error),
      });
      return { lockFs, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOCKED') return undefined;
      throw new RegistryIoError(path, 'lock', error);
    }
  }
}

/** Exponential backoff with jitter (half fixed, half random): 8, 16, 32 … ms, capped at {@link maxPollMs}. */
function pollDelay(attempt: number): number {
  const cap = Math.min(maxPollMs, 2 ** Math.min(attempt + 4, 10));
  return cap / 2 + Math.random() * (cap / 2);
}
