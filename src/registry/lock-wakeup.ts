import { type FSWatcher, watch } from 'node:fs';

/**
 * Wakes a lock waiter when an entry of a directory changes (inotify through `fs.watch`) instead
 * of leaving it to poll: the head of the queue watches the lock directory's parent for the lock's
 * name and retries within microseconds of a release; the others watch the queue directory.
 * Polling remains the fallback where `fs.watch` fails.
 */
export class LockWakeup {
  /** Bumped on every event; a waiter compares it with the value it saw before trying. */
  generation = 0;
  readonly #dir: string;
  readonly #name: string | undefined;
  #watcher: FSWatcher | undefined;
  #waiters = new Set<() => void>();

  /** Watches `dir` for changes of entry `name`, or of any entry when `name` is omitted. */
  constructor(dir: string, name?: string) {
    this.#dir = dir;
    this.#name = name;
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
        if (this.#name === undefined || name === null || name === this.#name) this.#wake();
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
