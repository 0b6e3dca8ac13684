import { watch } from 'node:fs';

/**
 * Resolves when `path` is removed (or changes), after `timeoutMs`, or at once when it is already
 * gone. Watching the one path (inotify on the file or directory itself) wakes only this waiter:
 * the head of a lock queue watches the lock directory, the others the ticket just ahead of them,
 * so a release wakes one process instead of all of them. The timeout is the polling fallback
 * where `fs.watch` is unavailable, and how stale locks and dead waiters get noticed.
 */
export function waitForRemoval(path: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    let watcher: ReturnType<typeof watch> | undefined;
    const done = (): void => {
      clearTimeout(timer);
      watcher?.close();
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, timeoutMs));
    try {
      // `persistent: false`: a watcher must never keep the process alive.
      watcher = watch(path, { persistent: false }, done);
      watcher.on('error', done);
    } catch {
      // ENOENT: already removed. Anything else: fall back to the timeout's polling.
      done();
    }
  });
}
