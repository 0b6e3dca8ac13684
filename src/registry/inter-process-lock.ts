import { existsSync } from 'node:fs';
import lockfile from 'proper-lockfile';
import { LockFs, type LockPaths } from './lock-fs.js';
import { LockWakeup } from './lock-wakeup.js';
import {
  RegistryIoError,
  RegistryLockCompromisedError,
  RegistryLockTimeoutError,
} from './registry-errors.js';

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

/** After contention, keep watching (and yielding) for this long. */
const contentionWindowMs = 1_000;
/** How long a process that just released waits for a woken waiter to take the lock. */
const handoffMs = 2;
/** Polling cap while waiting: a fallback only, waiters are woken by lock directory events. */
const maxPollMs = 100;

/**
 * The inter-process lock of one registry: proper-lockfile's `mkdir` lock with `retries: 0`,
 * wrapped in a waiting loop that is woken by lock directory events, polls with jittered
 * exponential backoff as a fallback, and gives up after `lockWaitMs` (maxRetryTime-style). The
 * loop is ours rather than proper-lockfile's `retries` so a release can wake waiters at once.
 */
export class InterProcessLock {
  readonly #settings: LockSettings;
  readonly #paths: LockPaths;
  readonly #wakeup: LockWakeup;
  #lastContention = Number.NEGATIVE_INFINITY;

  constructor(settings: LockSettings) {
    this.#settings = settings;
    const lock = `${settings.path}.lock`;
    this.#paths = { lock, takeover: `${lock}.takeover` };
    this.#wakeup = new LockWakeup(lock);
  }

  /**
   * Takes the lock, waiting up to `lockWaitMs`.
   *
   * @throws {@link RegistryLockTimeoutError} or {@link RegistryIoError}.
   */
  async acquire(): Promise<LockHold> {
    const started = performance.now();
    await this.#yieldToWaiters();
    for (let attempt = 0; ; attempt++) {
      const seen = this.#wakeup.generation;
      const acquired = await this.#tryLock();
      if (acquired) {
        if (attempt > 0) this.#lastContention = performance.now();
        return holdOf(acquired, performance.now() - started, this.#settings.path);
      }
      if (attempt === 0) {
        // Watch before the next attempt, so a release between the two is not missed.
        this.#wakeup.open();
        this.#lastContention = performance.now();
        continue;
      }
      const remaining = this.#settings.lockWaitMs - (performance.now() - started);
      if (remaining <= 0) {
        throw new RegistryLockTimeoutError(this.#settings.path, performance.now() - started);
      }
      await this.#wakeup.wait(seen, Math.min(remaining, pollDelay(attempt)));
    }
  }

  async #tryLock(): Promise<{ lockFs: LockFs; release: () => Promise<void> } | undefined> {
    const { path, staleMs, now } = this.#settings;
    const lockFs = new LockFs(this.#paths, staleMs, now);
    try {
      const release = await lockfile.lock(path, {
        lockfilePath: this.#paths.lock,
        realpath: false,
        stale: staleMs,
        retries: 0,
        fs: lockFs.fs,
        onCompromised: (error) => lockFs.markCompromised(error),
      });
      return { lockFs, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOCKED') return undefined;
      throw new RegistryIoError(path, 'lock', error);
    }
  }

  /**
   * Under recent contention, a process that just released waits briefly for another process's
   * woken waiter to take the lock, instead of winning again because it never slept (fairness).
   */
  async #yieldToWaiters(): Promise<void> {
    if (performance.now() - this.#lastContention > contentionWindowMs) {
      this.#wakeup.close();
      return;
    }
    if (!this.#wakeup.watching) return;
    const until = performance.now() + handoffMs;
    for (let left = handoffMs; left > 0; left = until - performance.now()) {
      const seen = this.#wakeup.generation;
      if (existsSync(this.#paths.lock)) return;
      await this.#wakeup.wait(seen, left);
    }
  }
}

/** Full-jitter exponential backoff: 2, 4, 8 … ms, capped at {@link maxPollMs}. */
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
