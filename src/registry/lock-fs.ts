import * as fs from 'node:fs';
import { mkdir, rmdir, stat, utimes } from './inline-fs.js';

type Callback = (error: NodeJS.ErrnoException | null) => void;

/** The filesystem proper-lockfile sees for one acquisition (it calls these five methods). */
export interface LockfileFs {
  mkdir(path: string, callback: Callback): void;
  stat(
    path: string,
    callback: (error: NodeJS.ErrnoException | null, stat?: fs.Stats) => void,
  ): void;
  utimes(path: string, atime: Date, mtime: Date, callback: Callback): void;
  rmdir(path: string, callback: Callback): void;
  rmdirSync(path: string): void;
}

/** Where one registry's lock lives. */
export interface LockPaths {
  /** The lock directory proper-lockfile creates with `mkdir`. */
  readonly lock: string;
  /** A second directory that makes the stale-lock takeover single-winner. */
  readonly takeover: string;
}

/**
 * One acquisition of a registry lock, seen through the `fs` proper-lockfile is given:
 *
 * - a `rmdir` of someone else's lock (proper-lockfile's stale takeover) runs under the exclusive
 *   takeover directory and re-checks staleness there, so of several waiters that all saw the
 *   same stale lock only one removes it — never a lock a winner has just created (its issue #121);
 * - `mkdir` and `utimes` successes date the lease: the lock is ours for `staleMs` after its last
 *   refresh, and {@link LockFs.unsafeBecause} refuses writes once a safety margin of that is gone;
 * - releasing a lease we may have lost leaves the directory alone rather than risk removing a
 *   successor's lock (it then expires like a crashed holder's).
 */
export class LockFs {
  readonly fs: LockfileFs;
  /** Whether this acquisition removed a crashed holder's stale lock. */
  tookOver = false;
  #leaseFrom: number | undefined;
  #compromised: Error | undefined;
  readonly #paths: LockPaths;
  readonly #staleMs: number;
  readonly #now: () => number;

  constructor(paths: LockPaths, staleMs: number, now: () => number) {
    this.#paths = paths;
    this.#staleMs = staleMs;
    this.#now = now;
    this.fs = {
      mkdir: (path, callback) => this.#mkdir(path, callback),
      stat: (path, callback) => {
        stat(path).then(
          (stats) => reply(() => callback(null, stats)),
          (error) => reply(() => callback(error)),
        );
      },
      utimes: (path, atime, mtime, callback) => this.#utimes(path, atime, mtime, callback),
      rmdir: (path, callback) => this.#rmdir(path, callback),
      rmdirSync: (path) => {
        if (this.unsafeBecause() === undefined) fs.rmdirSync(path);
      },
    };
  }

  /** Records proper-lockfile's `onCompromised`; never throws (a throw there kills the process). */
  markCompromised(error: Error): void {
    this.#compromised ??= error;
  }

  /** Why writing now would be unsafe, or `undefined` while the lease is held with margin. */
  unsafeBecause(): string | undefined {
    if (this.#leaseFrom === undefined) return 'the lock is not held';
    if (this.#compromised) return this.#compromised.message;
    const age = this.#now() - this.#leaseFrom;
    // A quarter of `staleMs` is kept as margin: past it another waiter may soon call us stale.
    if (age >= (this.#staleMs * 3) / 4) return `lease not refreshed for ${Math.round(age)} ms`;
    return undefined;
  }

  /** The error behind a compromise reported by proper-lockfile, if any. */
  get compromise(): Error | undefined {
    return this.#compromised;
  }

  #mkdir(path: string, callback: Callback): void {
    const started = this.#now();
    mkdir(path).then(
      () => {
        if (path === this.#paths.lock) this.#leaseFrom = started;
        reply(() => callback(null));
      },
      (error) => reply(() => callback(error)),
    );
  }

  #utimes(path: string, atime: Date, mtime: Date, callback: Callback): void {
    const started = this.#now();
    utimes(path, atime, mtime).then(
      () => {
        if (this.#leaseFrom !== undefined) this.#leaseFrom = started;
        reply(() => callback(null));
      },
      (error) => reply(() => callback(error)),
    );
  }

  #rmdir(path: string, callback: Callback): void {
    if (this.#leaseFrom === undefined) {
      this.#takeOver().then(
        () => reply(() => callback(null)),
        (error) => reply(() => callback(error)),
      );
      return;
    }
    const safe = this.unsafeBecause() === undefined;
    this.#leaseFrom = undefined;
    if (!safe) {
      reply(() => callback(null));
      return;
    }
    rmdir(path).then(
      () => reply(() => callback(null)),
      (error: NodeJS.ErrnoException) =>
        reply(() => callback(error.code === 'ENOENT' ? null : error)),
    );
  }

  /** Removes the lock only if it is still stale, inside the exclusive takeover directory. */
  async #takeOver(): Promise<void> {
    const { lock, takeover } = this.#paths;
    try {
      await mkdir(takeover);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      await this.#clearAbandoned(takeover);
      throw lockedError(lock);
    }
    try {
      const current = await stat(lock).catch(ignoreMissing);
      if (current === undefined) return;
      if (!this.#isStale(current)) throw lockedError(lock);
      await rmdir(lock).catch(ignoreMissing);
      this.tookOver = true;
    } finally {
      await rmdir(takeover).catch(ignoreMissing);
    }
  }

  /** A takeover directory older than `staleMs` belongs to a taker that crashed mid-step. */
  async #clearAbandoned(takeover: string): Promise<void> {
    const current = await stat(takeover).catch(ignoreMissing);
    if (current !== undefined && this.#isStale(current)) {
      await rmdir(takeover).catch(ignoreMissing);
    }
  }

  /** Same rule as proper-lockfile: the real clock against the directory's mtime. */
  #isStale(stat: fs.Stats): boolean {
    return stat.mtimeMs < Date.now() - this.#staleMs;
  }
}

/**
 * Calls proper-lockfile back on a later tick, outside the promise chain: a throw in its callback
 * then stays an uncaught exception instead of a rejection nobody handles.
 */
function reply(call: () => void): void {
  process.nextTick(call);
}

function lockedError(file: string): NodeJS.ErrnoException {
  return Object.assign(new Error('Lock file is already being held'), { code: 'ELOCKED', file });
}

function ignoreMissing(error: NodeJS.ErrnoException): undefined {
  if (error.code === 'ENOENT') return undefined;
  throw error;
}
