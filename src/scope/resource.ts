/**
 * A JSON value: what a resource's `intent` and a rollback report may contain.
 *
 * @example
 * ```ts
 * const intent: JsonValue = { path: '/work/task/agent_prompt_a1.txt' };
 * ```
 */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/**
 * What a resource's `acquire` receives.
 *
 * @example
 * ```ts
 * acquire: async ({ signal }) => fetchLease({ signal })
 * ```
 */
export interface AcquireContext {
  /** Aborted when the scope rolls back (or its own `signal` aborts) while `acquire` runs. */
  readonly signal: AbortSignal;
  /**
   * Replaces the journalled intent with a more precise one (e.g. the identity of a temporary
   * file just written) before the next side effect; durable once it resolves. Does nothing when
   * the scope has no journal or the resource has no `intent`.
   */
  intend(intent: JsonValue): Promise<void>;
}

/**
 * Why a release runs: an explicit or failure-driven `rollback()`, or `await using` disposal.
 *
 * @example
 * ```ts
 * release: async (value, { reason }) => log(`releasing because of ${reason}`)
 * ```
 */
export type ReleaseReason = 'rollback' | 'dispose';

/**
 * What a resource's `release` receives.
 *
 * @example
 * ```ts
 * release: async (pid, { signal }) => terminate(pid, { signal })
 * ```
 */
export interface ReleaseContext {
  /** Why the scope is releasing. */
  readonly reason: ReleaseReason;
  /** Aborted when the release exceeds the scope's `releaseTimeoutMs`: stop and return. */
  readonly signal: AbortSignal;
}

/**
 * Something a {@link ResourceScope} can acquire and, unless committed, release again.
 *
 * `release` must be idempotent (crash recovery may run it again) and must treat "already gone" as
 * success. If `acquire` throws it must leave nothing behind: the scope registers nothing for it.
 *
 * @typeParam T - The handle `acquire` returns and `release` receives.
 * @example
 * ```ts
 * const lease: Resource<string> = {
 *   kind: 'lease',
 *   label: 'lease for agent a1',
 *   acquire: async () => takeLease('a1'),
 *   release: async (id) => returnLease(id),
 * };
 * await using scope = new ResourceScope();
 * const id = await scope.acquire(lease); // id: string
 * ```
 */
export interface Resource<T> {
  /** The resource kind, e.g. `'tmux-session'` or `'file'`. */
  readonly kind: string;
  /** A human-readable label for reports and logs. */
  readonly label?: string;
  /** What to clean up if the process crashes during or after `acquire` (journalled first). */
  readonly intent?: JsonValue;
  /** What `acquire` learned that recovery needs (e.g. a tmux `$id`), journalled after it. */
  describe?(value: T): JsonValue;
  /** Creates the resource; leaves nothing behind when it throws. */
  acquire(ctx: AcquireContext): Promise<T>;
  /** Destroys the resource; idempotent, "already gone" is success. */
  release(value: T, ctx: ReleaseContext): Promise<void>;
}
