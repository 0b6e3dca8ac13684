import { type FSWatcher, watch } from 'node:fs';

/**
 * Resolves when one of `paths` is removed, renamed or changed, after `timeoutMs`, or at once when
 * one is already gone. Watching these paths (inotify on each file or directory itself) wakes only
 * this waiter: the head of a lock queue watches the lock directory, the others the ticket just
 * ahead of them (and their own ticket, which a holder may claim), so a release wakes one process
 * instead of all of them. The timeout is the polling fallback where `fs.watch` is unavailable,
 * and how stale locks and dead waiters get noticed.
 */
export function waitForRemoval(paths: readonly string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const watchers: FSWatcher[] = [];
    const done = (): void => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, timeoutMs));
    for (const path of paths) {
      try {
        // `persistent: false`: a watcher must never keep the process alive.
        const watcher = watch(path, { persistent: false }, done);
        watcher.on('error', done);
        watchers.push(watcher);
      } catch {
        // ENOENT: already removed. Anything else: fall back to the timeout's polling.
        done();
        return;
      }
    }
  });
}
