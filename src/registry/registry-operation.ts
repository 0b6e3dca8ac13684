import { z } from 'zod';
import { unregisterAgent } from './agent-registry-helpers.js';
import { type AgentRegistry, AgentRegistrySchema } from './agent-registry-schema.js';
import { unregisterGlobalAgent } from './global-registry-helpers.js';
import { type GlobalRegistry, GlobalRegistrySchema } from './global-registry-schema.js';

/**
 * A named, serialisable registry mutation: what a `store.change()` journals as its `undo`, so
 * that `recover()` can revert the change after a crash, when the `revert` closure is long gone.
 * `apply` must be idempotent and must leave a document it does not concern unchanged: recovery
 * may run it on a registry where the change never happened, or happened and was reverted.
 *
 * @typeParam T - The registry document type.
 * @typeParam Args - The operation's arguments, which must be plain JSON.
 * @example
 * ```ts
 * const closeTicket = defineRegistryOperation({
 *   name: 'close-ticket',
 *   schema: TicketRegistrySchema,
 *   args: z.object({ id: z.string() }),
 *   apply: (registry, { id }) => ({ ...registry, open: registry.open.filter((t) => t !== id) }),
 * });
 * ```
 */
export interface RegistryOperation<T, Args> {
  /** Journalled; looked up by `recover()`. */
  readonly name: string;
  /** The registry document's schema, to open the store during recovery. */
  readonly schema: z.ZodType<T>;
  /** Validates the journalled arguments. */
  readonly args: z.ZodType<Args>;
  apply(document: T, args: Args): T;
}

/**
 * Identity function that infers a {@link RegistryOperation}'s types from its schemas.
 *
 * @example
 * ```ts
 * const op = defineRegistryOperation({ name: 'x', schema, args: z.object({}), apply: (d) => d });
 * ```
 */
export function defineRegistryOperation<T, Args>(
  operation: RegistryOperation<T, Args>,
): RegistryOperation<T, Args> {
  return operation;
}

const AgentRef = z.object({ id: z.string().min(1), nonce: z.string().min(1).optional() });

/** Only the deployment that registered an agent may remove it: the nonce tells them apart. */
function sameDeployment(
  agent: { nonce?: string | undefined } | undefined,
  nonce?: string,
): boolean {
  return agent !== undefined && (nonce === undefined || agent.nonce === nonce);
}

/**
 * Removes agent `id` from a task registry (`AGENT_REGISTRY.json`) and fixes its counters — only
 * when its `nonce` matches, when one is given; idempotent. The undo of `registerAgent`.
 *
 * @example
 * ```ts
 * tasks.change({ label, apply, undo: { operation: unregisterAgentOperation, args: { id, nonce } } });
 * ```
 */
export const unregisterAgentOperation = defineRegistryOperation({
  name: 'unregister-agent',
  schema: AgentRegistrySchema,
  args: AgentRef,
  apply: (registry: AgentRegistry, { id, nonce }) =>
    sameDeployment(
      registry.agents.find((agent) => agent.id === id),
      nonce,
    )
      ? unregisterAgent(registry, id)
      : registry,
});

/**
 * Removes agent `id` from the global registry and fixes its counters — only when its `nonce`
 * matches, when one is given; idempotent. The undo of `registerGlobalAgent`.
 *
 * @example
 * ```ts
 * global.change({ label, apply, undo: { operation: unregisterGlobalAgentOperation, args: { id } } });
 * ```
 */
export const unregisterGlobalAgentOperation = defineRegistryOperation({
  name: 'unregister-global-agent',
  schema: GlobalRegistrySchema,
  args: AgentRef,
  apply: (registry: GlobalRegistry, { id, nonce }) =>
    sameDeployment(registry.agents[id], nonce) ? unregisterGlobalAgent(registry, id) : registry,
});
