import { LockFs, type LockfileFs, type LockPaths } from './lock-fs.js';
import { LockQueue } from './lock-queue.js';
import {
  RegistryIoError,
  RegistryLockCompromisedError,
  RegistryLockTimeoutError,
} from './registry-errors.js';
import { waitForRemoval } from './wait-for-removal.js';

/** How the lock of one registry behaves. */
export interface LockSettings {
  readonly path: string;
  readonly staleMs: number;
  readonly lockWaitMs: number;
  readonly now: () => number;
}

/** A held lock: check it before writing, release it exactly once. */
export interface LockHold {
  /** Whether taking it removed a crashed holder's stale lock (temp files may be left). */
  readonly tookOver: boolean;
  /** How long the acquisition waited, in ms. */
  readonly waitedMs: number;
  /** @throws {@link RegistryLockCompromisedError} unless the lease is held with margin. */
  assertSafe(): void;
  /** Releases the lock; never throws (a lock it cannot remove expires as stale). */
  release(): Promise<void>;
}

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
   *
   * @throws {@link RegistryLockTimeoutError} or {@link RegistryIoError}.
   */
  async acquire(): Promise<LockHold> {
    const started = performance.now();
    if (!(await this.#queue.othersWaiting())) {
      const acquired = await this.#tryLock();
      if (acquired) return holdOf(acquired, 0, this.#settings.path);
    }
    await this.#queue.join();
    try {
      let head = false;
      for (let attempt = 0; ; attempt++) {
        // Once at the head, always at the head (later tickets sort after ours): skip the readdir.
        // Past staleMs the head may be a paused process: try regardless of the queue.
        const waited = performance.now() - started;
        const skipQueue: boolean = head || waited > this.#settings.staleMs;
        const ahead: string | undefined = skipQueue ? undefined : await this.#queue.ahead();
        head = ahead === undefined;
        if (ahead === undefined) {
          const acquired = await this.#tryLock();
          if (acquired) {
            // Not awaited: the waiter behind us cannot take the lock before our release anyway.
            void this.#queue.leave();
            return holdOf(acquired, performance.now() - started, this.#settings.path);
          }
        }
        const remaining = this.#settings.lockWaitMs - (performance.now() - started);
        if (remaining <= 0) {
          throw new RegistryLockTimeoutError(this.#settings.path, performance.now() - started);
        }
        await waitForRemoval(ahead ?? this.#paths.lock, Math.min(remaining, pollDelay(attempt)));
      }
    } catch (error) {
      await this.#queue.leave();
      throw error;
    }
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

/** Exponential backoff with jitter (half fixed, half random): 1, 2, 4 … ms, capped at {@link maxPollMs}. */
function pollDelay(attempt: number): number {
  const cap = Math.min(maxPollMs, 2 ** Math.min(attempt, 10));
  return cap / 2 + Math.random() * (cap / 2);
}

function holdOf(
  acquired: { lockFs: LockFs; release: () => Promise<void> },
  waitedMs: number,
  path: string,
): LockHold {
  const { lockFs, release } = acquired;
  let released = false;
  return {
    tookOver: lockFs.tookOver,
    waitedMs,
    assertSafe: () => {
      const unsafe = lockFs.unsafeBecause();
      if (unsafe === undefined) return;
      throw new RegistryLockCompromisedError(path, unsafe, { cause: lockFs.compromise });
    },
    release: async () => {
      if (released) return;
      released = true;
      // ERELEASED (compromised meanwhile) and rmdir failures: the lock then expires as stale.
      await release().catch(() => undefined);
    },
  };
}
