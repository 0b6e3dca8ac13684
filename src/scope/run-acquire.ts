import type { ScopeJournal } from '../journal/scope-journal.js';
import type { LazyAbort } from './lazy-abort.js';
import { type ReleaseEntry, runRelease } from './release-entry.js';
import type { AcquireContext, Resource } from './resource.js';

/** What a successful acquire hands the scope: the handle and its release. */
export interface Acquired<T> {
  readonly value: T;
  readonly entry: ReleaseEntry;
}

/**
 * Runs `resource.acquire`, journalling around it when the scope has a journal and the resource
 * has an intent: the intent before the side effect, refinements during it (`ctx.intend`), and
 * what was acquired after it. Leaves nothing registered when it throws.
 */
export async function runAcquire<T>(
  resource: Resource<T>,
  abort: LazyAbort,
  journal: ScopeJournal | undefined,
  releaseTimeoutMs: number,
): Promise<Acquired<T>> {
  const label = resource.label ?? resource.kind;
  const journalled = journal !== undefined && resource.intent !== undefined;
  const seq = journalled ? await journal.intent(resource.kind, label, resource.intent ?? null) : -1;
  const ctx: AcquireContext = {
    get signal() {
      return abort.signal;
    },
    intend: (intent) => (journalled ? journal.update(seq, intent) : Promise.resolve()),
  };
  let value: T;
  try {
    value = await resource.acquire(ctx);
  } catch (error) {
    // The resource cleaned up after itself; a lost record only means an idempotent re-release.
    if (journalled) await journal.released(seq).catch(() => {});
    throw error;
  }
  const entry: ReleaseEntry = {
    kind: resource.kind,
    label,
    release: (releaseCtx) => resource.release(value, releaseCtx),
    ...(journalled ? { journalSeq: seq, settled: () => journal.released(seq) } : {}),
  };
  if (journalled) {
    try {
      await journal.acquired(seq, resource.describe?.(value));
    } catch (error) {
      // Unrecorded means unguaranteed: give it back now rather than hold it.
      await runRelease(entry, 'rollback', releaseTimeoutMs);
      throw error;
    }
  }
  return { value, entry };
}
