/** Something a signal handler can roll back. */
export interface Rollbackable {
  rollback(reason?: unknown): Promise<unknown>;
}

const open = new Set<Rollbackable>();
let trackers = 0;

/** Starts tracking open root scopes (while at least one signal handler is installed). */
export function startTracking(): () => void {
  trackers++;
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    trackers--;
    if (trackers === 0) open.clear();
  };
}

/** Called by a root scope when it opens; tracked only while someone listens. */
export function trackOpen(scope: Rollbackable): void {
  if (trackers > 0) open.add(scope);
}

/** Called by a scope when it closes. */
export function trackClosed(scope: Rollbackable): void {
  open.delete(scope);
}

/** The root scopes open now. */
export function openScopes(): Rollbackable[] {
  return [...open];
}
