import { AgentNotFoundError, DuplicateAgentError } from './agent-errors.js';
import { countActive, isTerminalStatus, type TerminalAgentStatus } from './agent-record.js';
import { assertTerminal, type RegisterAgentOptions } from './agent-registry-helpers.js';
import type { GlobalAgent, GlobalRegistry } from './global-registry-schema.js';

/**
 * Adds agent `id` to the global registry, recounting `active_agents` and bumping
 * `total_agents_spawned` when the file has that counter. Pure.
 *
 * @throws {@link DuplicateAgentError} when the id is taken, or a live agent of the same type
 * exists and `refuseLiveDuplicateType` is set.
 * @example
 * ```ts
 * await global.update((registry) => registerGlobalAgent(registry, 'a1', { type: 'investigator', status: 'running' }));
 * ```
 */
export function registerGlobalAgent(
  registry: GlobalRegistry,
  id: string,
  agent: GlobalAgent,
  options: RegisterAgentOptions = {},
): GlobalRegistry {
  if (Object.hasOwn(registry.agents, id)) throw new DuplicateAgentError(id, id, 'id');
  if (options.refuseLiveDuplicateType) {
    const live = Object.entries(registry.agents).find(
      ([, existing]) => existing.type === agent.type && !isTerminalStatus(existing.status),
    );
    if (live) throw new DuplicateAgentError(id, live[0], 'live-type');
  }
  const agents = { ...registry.agents, [id]: agent };
  return withCounts(registry, agents, 1);
}

/**
 * Removes agent `id` from the global registry — the inverse of {@link registerGlobalAgent}.
 * Idempotent.
 *
 * @example
 * ```ts
 * global.change({ apply: (r) => registerGlobalAgent(r, id, agent), revert: (r) => unregisterGlobalAgent(r, id) });
 * ```
 */
export function unregisterGlobalAgent(registry: GlobalRegistry, id: string): GlobalRegistry {
  if (!Object.hasOwn(registry.agents, id)) return registry;
  const agents = Object.fromEntries(Object.entries(registry.agents).filter(([key]) => key !== id));
  return withCounts(registry, agents, -1);
}

/**
 * Sets agent `id`'s terminal `status` and `ended_at` in the global registry, recounting
 * `active_agents`. An agent already terminal is left as it is.
 *
 * @throws {@link AgentNotFoundError}; {@link InvalidOptionError} when `status` is not terminal.
 * @example
 * ```ts
 * await global.update((registry) => markGlobalAgentTerminal(registry, 'a1', 'killed'));
 * ```
 */
export function markGlobalAgentTerminal(
  registry: GlobalRegistry,
  id: string,
  status: TerminalAgentStatus,
  endedAt: string = new Date().toISOString(),
): GlobalRegistry {
  assertTerminal(status);
  const target = Object.hasOwn(registry.agents, id) ? registry.agents[id] : undefined;
  if (!target) throw new AgentNotFoundError(id);
  if (isTerminalStatus(target.status)) return registry;
  const agents = { ...registry.agents, [id]: { ...target, status, ended_at: endedAt } };
  return withCounts(registry, agents, 0);
}

function withCounts(
  registry: GlobalRegistry,
  agents: GlobalRegistry['agents'],
  spawned: number,
): GlobalRegistry {
  const next: GlobalRegistry = {
    ...registry,
    agents,
    active_agents: countActive(Object.values(agents)),
  };
  if (registry.total_agents_spawned !== undefined) {
    next.total_agents_spawned = Math.max(0, registry.total_agents_spawned + spawned);
  }
  return next;
}
