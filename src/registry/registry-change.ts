import { expectFunction } from '../internal/expect.js';
import type { Resource } from '../scope/resource.js';
import type { UpdateOptions, Updater } from './pending-update.js';

/**
 * A registry mutation with its compensation, for `store.change()`.
 *
 * `revert` runs on rollback against the registry as it is *then* (other writers may have changed
 * it meanwhile), so write it as an idempotent inverse — "remove agent a1 if present", not
 * "restore the old file" — and it is safe to run twice.
 *
 * @typeParam T - The registry document type.
 * @example
 * ```ts
 * const change: RegistryChange<TaskRegistry> = {
 *   label: 'register a1',
 *   apply: (registry) => registerAgent(registry, agent),
 *   revert: (registry) => unregisterAgent(registry, agent.id),
 * };
 * ```
 */
export interface RegistryChange<T> {
  /** For rollback reports; defaults to `registry change <path>`. */
  readonly label?: string;
  /** Applied under the lock by `scope.acquire`. */
  readonly apply: Updater<T>;
  /** Applied under the lock when the scope rolls back. */
  readonly revert: Updater<T>;
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
  const revert = expectFunction<Updater<T>>('revert', change.revert);
  const label = change.label ?? `registry change ${store.path}`;
  return {
    kind: 'registry-change',
    label,
    intent: { registry: store.path, change: label },
    acquire: () => store.update(apply),
    release: async (_value, { signal }) => {
      await store.update(revert, { signal });
    },
  };
}
