import type { z } from 'zod';

/**
 * What recovery hands a kind's release: the journalled descriptors, validated by the kind's
 * schemas. `acquired` is `undefined` when the process died before acquire finished.
 *
 * @example
 * ```ts
 * release: async ({ intent, acquired }) => removeLease(acquired?.leaseId ?? intent.id)
 * ```
 */
export interface RecoveredResource<Intent, Acquired> {
  readonly intent: Intent;
  readonly acquired: Acquired | undefined;
  /** When the intent was journalled (ms since the epoch): anything older is not ours. */
  readonly intendedAt: number;
}

/**
 * How to release a resource kind after a crash, from its journalled descriptors alone: zod
 * schemas for the descriptors (journal files are a trust boundary) and an idempotent release for
 * which "never created" and "already gone" both count as released.
 *
 * @example
 * ```ts
 * const leaseKind = defineRecoverableKind({
 *   kind: 'lease',
 *   intent: z.object({ id: z.string() }),
 *   release: async ({ intent }) => returnLease(intent.id),
 * });
 * await recover({ journal, kinds: [leaseKind] });
 * ```
 */
export interface RecoverableKind<Intent = unknown, Acquired = unknown> {
  /** Must equal the `kind` of the resources it recovers. */
  readonly kind: string;
  readonly intent: z.ZodType<Intent>;
  readonly acquired?: z.ZodType<Acquired>;
  release(
    resource: RecoveredResource<Intent, Acquired>,
    ctx: { signal: AbortSignal },
  ): Promise<void>;
}

/**
 * Identity function that infers a {@link RecoverableKind}'s descriptor types from its schemas.
 *
 * @example
 * ```ts
 * const kind = defineRecoverableKind({ kind: 'lease', intent: LeaseIntent, release });
 * ```
 */
export function defineRecoverableKind<Intent, Acquired = unknown>(
  kind: RecoverableKind<Intent, Acquired>,
): RecoverableKind<Intent, Acquired> {
  return kind;
}
