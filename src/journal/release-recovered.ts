import { runRelease } from '../scope/release-entry.js';
import type { RollbackEntry } from '../scope/rollback-report.js';
import type { JournalledResource } from './journal-records.js';
import type { RecoverableKind } from './recoverable-kind.js';
import { InvalidDescriptorError, UnknownResourceKindError } from './recovery-errors.js';

/** Recoverable kinds by their `kind`. */
export type KindRegistry = ReadonlyMap<string, RecoverableKind<unknown, unknown>>;

/**
 * Releases one journalled resource through its recoverable kind, bounded by `timeoutMs`, exactly
 * as a rollback releases (same report entry). Never throws: the outcome is the entry.
 */
export async function releaseRecovered(
  resource: JournalledResource,
  kinds: KindRegistry,
  timeoutMs: number,
): Promise<RollbackEntry> {
  const entry = {
    kind: resource.kind,
    label: resource.label,
    release: ({ signal }: { signal: AbortSignal }) => releaseThroughKind(resource, kinds, signal),
  };
  return (await runRelease(entry, 'rollback', timeoutMs)).entry;
}

/** Validates the journalled descriptors with the kind's schemas, then runs its release. */
function releaseThroughKind(
  resource: JournalledResource,
  kinds: KindRegistry,
  signal: AbortSignal,
): Promise<void> {
  const kind = kinds.get(resource.kind);
  if (!kind) throw new UnknownResourceKindError(resource.kind);
  const intent = kind.intent.safeParse(resource.intent);
  if (!intent.success) throw new InvalidDescriptorError(resource.kind, 'intent', intent.error);
  let acquired: unknown;
  if (kind.acquired && resource.acquired !== undefined) {
    const parsed = kind.acquired.safeParse(resource.acquired);
    if (!parsed.success) throw new InvalidDescriptorError(resource.kind, 'acquired', parsed.error);
    acquired = parsed.data;
  }
  return kind.release({ intent: intent.data, acquired, intendedAt: resource.at }, { signal });
}
