import { LazyAbort } from './lazy-abort.js';
import type { ReleaseContext, ReleaseReason } from './resource.js';
import { type RollbackEntry, serializeError } from './rollback-report.js';

/** One registered release, as the scope's stack holds it. */
export interface ReleaseEntry {
  readonly kind: string;
  readonly label: string;
  release(ctx: ReleaseContext): unknown;
  /** The resource's number in the scope's journal, when it was journalled. */
  readonly journalSeq?: number;
  /** Records a successful release (in the journal), so recovery will not repeat it. */
  readonly settled?: () => Promise<void>;
}

/** A release's entry for the report plus the raw error, which `RollbackError.errors` carries. */
export interface ReleaseOutcome {
  readonly entry: RollbackEntry;
  readonly error?: unknown;
}

/** Marks the abort reason of a release that ran past its timeout. */
class ReleaseTimeoutError extends Error {
  override name = 'ReleaseTimeoutError';
  readonly code = 'RELEASE_TIMEOUT';
}

/**
 * Runs one release, bounded by `timeoutMs`. A sync throw, a rejection and a timeout all become an
 * outcome; this function never throws. On timeout the release's signal aborts and the rollback
 * moves on; the abandoned promise's eventual rejection is swallowed so it cannot crash the process.
 */
export function runRelease(
  entry: ReleaseEntry,
  reason: ReleaseReason,
  timeoutMs: number,
): Promise<ReleaseOutcome> {
  const started = performance.now();
  const abort = new LazyAbort();
  const finish = (status: RollbackEntry['status'], error?: unknown): ReleaseOutcome => {
    const base = { kind: entry.kind, label: entry.label, status };
    const durationMs = performance.now() - started;
    if (status === 'released') return { entry: { ...base, durationMs } };
    return { entry: { ...base, durationMs, error: serializeError(error) }, error };
  };
  let pending: unknown;
  try {
    pending = entry.release({
      reason,
      get signal() {
        return abort.signal;
      },
    });
  } catch (error) {
    return Promise.resolve(finish('failed', error));
  }
  // Sync releases need no timer: most of a small scope's cost would otherwise be setTimeout.
  if (!isPromiseLike(pending)) return Promise.resolve(finish('released'));
  return new Promise<ReleaseOutcome>((resolve) => {
    const timer = setTimeout(() => {
      const error = new ReleaseTimeoutError(`release did not finish within ${timeoutMs} ms`);
      abort.abort(error);
      resolve(finish('timed-out', error));
    }, timeoutMs);
    // Once timed out, the first resolve wins, so a late settlement is ignored (and not unhandled).
    pending.then(
      () => {
        clearTimeout(timer);
        resolve(finish('released'));
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve(finish('failed', error));
      },
    );
  });
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
