import type { FileJournal } from '../journal/file-journal.js';
import type { RecoverableKind } from '../journal/recoverable-kind.js';
import type { Resource } from '../scope/resource.js';

/**
 * One isolated world in which a {@link resourceContract} check runs a resource kind: fresh for
 * every check, disposed at its end.
 *
 * @typeParam T - The handle the kind's `acquire` returns.
 * @example
 * ```ts
 * const world: ContractWorld<PromptFileHandle> = {
 *   resource: () => promptFile({ path: join(dir, `p${++n}.txt`), content: 'x' }),
 *   failingResource: async () => promptFile({ path: join(dir, 'missing', 'p.txt'), content: 'x' }),
 *   destroy: (handle) => rm(handle.path),
 *   leftovers: async () => readdir(dir),
 *   [Symbol.asyncDispose]: () => rm(dir, { recursive: true }),
 * };
 * ```
 */
export interface ContractWorld<T> extends AsyncDisposable {
  /** A new resource of the kind; each call names a new thing. */
  resource(): Resource<T>;
  /** A resource of the kind whose `acquire` genuinely fails (a missing parent, a dying command…). */
  failingResource(): Promise<Resource<T>>;
  /** Destroys what `value` stands for behind the resource's back, as an operator might. */
  destroy(value: T): Promise<void>;
  /** What of the kind exists in this world now, one description each; empty when nothing. */
  leftovers(): Promise<readonly string[]>;
  /** Kinds `recover()` needs besides the built-in ones. */
  readonly recoverableKinds?: readonly RecoverableKind<unknown, unknown>[];
}

/**
 * A resource kind as {@link resourceContract} checks it.
 *
 * @typeParam T - The handle the kind's `acquire` returns.
 * @typeParam W - Its world, so that `crash` can reach the world's details.
 * @example
 * ```ts
 * const subject: ResourceKindUnderTest<PromptFileHandle> = { name: 'promptFile', setup: promptFileWorld };
 * ```
 */
export interface ResourceKindUnderTest<T, W extends ContractWorld<T> = ContractWorld<T>> {
  /** Prefixes every check's name. */
  readonly name: string;
  /** Builds a fresh world. */
  setup(): Promise<W>;
  /**
   * Makes another process acquire `world.resource()`'s equivalent in a scope journalled in
   * `journal`, then die by SIGKILL before releasing it; resolves once it is dead. Without it, the
   * crash-recovery check is left out.
   */
  crash?(world: W, journal: FileJournal): Promise<void>;
}
