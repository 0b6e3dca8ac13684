import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { expectFunction } from '../internal/expect.js';
import type { JsonValue, Resource } from '../scope/resource.js';
import type { UpdateOptions, Updater } from './pending-update.js';
import type { RegistryOperation } from './registry-operation.js';

/**
 * A registry mutation with its compensation, for `store.change()`.
 *
 * The compensation runs on rollback against the registry as it is *then* (other writers may
 * have changed it meanwhile), so it must be an idempotent inverse — "remove agent a1 if
 * present", not "restore the old file". Give it as `undo`, a named {@link RegistryOperation}
 * with JSON arguments, and it is journalled so `recover()` can revert the change after a crash;
 * a `revert` closure alone works in-process only.
 *
 * @typeParam T - The registry document type.
 * @example
 * ```ts
 * const change: RegistryChange<AgentRegistry> = {
 *   label: 'register a1',
 *   apply: (registry) => registerAgent(registry, agent),
 *   undo: { operation: unregisterAgentOperation, args: { id: agent.id, nonce: agent.nonce } },
 * };
 * ```
 */
export interface RegistryChange<T> {
  /** For rollback reports; defaults to `registry change <path>`. */
  readonly label?: string;
  /** Applied under the lock by `scope.acquire`. */
  readonly apply: Updater<T>;
  /** Applied under the lock when the scope rolls back (defaults to `undo`'s operation). */
  readonly revert?: Updater<T>;
  /** The journalled, crash-recoverable inverse; used as `revert` when that is not given. */
  readonly undo?: RegistryUndo<T>;
}

/**
 * A {@link RegistryOperation} with the arguments that undo one change.
 *
 * @example
 * ```ts
 * const undo: RegistryUndo<AgentRegistry> = { operation: unregisterAgentOperation, args: { id } };
 * ```
 */
export interface RegistryUndo<T> {
  // biome-ignore lint/suspicious/noExplicitAny: each undo pairs an operation with its own args type
  readonly operation: RegistryOperation<T, any>;
  readonly args: JsonValue;
}

/** The part of a store a change needs. */
interface UpdatableStore<T> {
  readonly path: string;
  update(updater: Updater<T>, options?: UpdateOptions): Promise<T>;
}

/** Builds the `registry-change` resource behind `store.change()`. */
export function registryChange<T>(
  store: UpdatableStore<T>,
  change: RegistryChange<T>,
): Resource<T> {
  const apply = expectFunction<Updater<T>>('apply', change.apply);
  const label = change.label ?? `registry change ${store.path}`;
  const undo = change.undo;
  if (undo !== undefined) {
    const parsed = undo.operation?.args?.safeParse(undo.args);
    if (!parsed?.success)
      throw new InvalidOptionError('undo', 'an operation with valid args', undo);
  }
  // Without an explicit revert, the undo operation is the in-process compensation too.
  const revert: Updater<T> =
    change.revert === undefined && undo !== undefined
      ? (document) => undo.operation.apply(document, undo.args)
      : expectFunction<Updater<T>>('revert', change.revert);
  const journalledUndo = undo ? { undo: { operation: undo.operation.name, args: undo.args } } : {};
  return {
    kind: 'registry-change',
    label,
    intent: { registry: store.path, change: label, ...journalledUndo },
    acquire: () => store.update(apply),
    release: async (_value, { signal }) => {
      await store.update(revert, { signal });
    },
  };
}
