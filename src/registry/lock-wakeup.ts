import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Wakes lock waiters when the lock directory appears or disappears (inotify through `fs.watch`)
 * instead of leaving them to poll: a waiter retries within microseconds of a release, which
 * keeps p99 flat as writers are added. Polling remains the fallback where `fs.watch` fails.
 */
export class LockWakeup {
  /** Bumped on every event; a waiter compares it with the value it saw before trying. */
  generation = 0;
  readonly #dir: string;
  readonly #name: string;
  #watcher: FSWatcher | undefined;
  #waiters = new Set<() => void>();

  constructor(lockPath: string) {
    this.#dir = dirname(lockPath);
    this.#name = basename(lockPath);
  }

  /** Whether events are being delivered. */
  get watching(): boolean {
    return this.#watcher !== undefined;
  }

  /** Starts watching; a failure (inotify limits, exotic filesystems) leaves polling only. */
  open(): void {
    if (this.#watcher) return;
    try {
      // `persistent: false`: a watcher must never keep the process alive.
      const watcher = watch(this.#dir, { persistent: false }, (_event, name) => {
        if (name === null || name === this.#name) this.#wake();
      });
      watcher.on('error', () => this.close());
      this.#watcher = watcher;
    } catch {
      this.#watcher = undefined;
    }
  }

  /** Stops watching and releases every waiter. */
  close(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
    this.#wake();
  }

  /** Resolves at the first event after `seen` (at once if one already came) or after `ms`. */
  wait(seen: number, ms: number): Promise<void> {
    if (this.generation !== seen || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waiters.add(done);
    });
  }

  #wake(): void {
    this.generation++;
    for (const waiter of [...this.#waiters]) waiter();
  }
}
