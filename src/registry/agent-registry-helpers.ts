import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { AgentNotFoundError, DuplicateAgentError } from './agent-errors.js';
import { countActive, isTerminalStatus, type TerminalAgentStatus } from './agent-record.js';
import type { AgentRegistry, TaskAgent } from './agent-registry-schema.js';

/**
 * Options of {@link registerAgent} and `registerGlobalAgent`.
 *
 * @example
 * ```ts
 * registerAgent(registry, agent, { refuseLiveDuplicateType: true });
 * ```
 */
export interface RegisterAgentOptions {
  /** Also refuse when a live (non-terminal) agent of the same `type` exists. @defaultValue `false` */
  readonly refuseLiveDuplicateType?: boolean;
}

/**
 * Appends `agent` to a task registry, bumping `total_spawned` and recounting `active_count`.
 * Pure: returns a new document, suitable as a `store.update` updater body.
 *
 * @throws {@link DuplicateAgentError} when the id is taken, or a live agent of the same type
 * exists and `refuseLiveDuplicateType` is set.
 * @example
 * ```ts
 * await tasks.update((registry) => registerAgent(registry, agent, { refuseLiveDuplicateType: true }));
 * ```
 */
export function registerAgent(
  registry: AgentRegistry,
  agent: TaskAgent,
  options: RegisterAgentOptions = {},
): AgentRegistry {
  const taken = registry.agents.find((existing) => existing.id === agent.id);
  if (taken) throw new DuplicateAgentError(agent.id, taken.id, 'id');
  if (options.refuseLiveDuplicateType) {
    const live = registry.agents.find(
      (existing) => existing.type === agent.type && !isTerminalStatus(existing.status),
    );
    if (live) throw new DuplicateAgentError(agent.id, live.id, 'live-type');
  }
  const agents = [...registry.agents, agent];
  return {
    ...registry,
    agents,
    active_count: countActive(agents),
    total_spawned: registry.total_spawned + 1,
  };
}

/**
 * Removes agent `id` from a task registry — the inverse of {@link registerAgent}, for a
 * `store.change` revert. Idempotent: an absent agent leaves the registry as it is.
 *
 * @example
 * ```ts
 * tasks.change({ apply: (r) => registerAgent(r, agent), revert: (r) => unregisterAgent(r, agent.id) });
 * ```
 */
export function unregisterAgent(registry: AgentRegistry, id: string): AgentRegistry {
  if (!registry.agents.some((agent) => agent.id === id)) return registry;
  const agents = registry.agents.filter((agent) => agent.id !== id);
  return {
    ...registry,
    agents,
    active_count: countActive(agents),
    total_spawned: Math.max(0, registry.total_spawned - 1),
  };
}

/**
 * Sets agent `id`'s terminal `status` and `ended_at`, recounting `active_count`. An agent that is
 * already terminal is left as it is (idempotent).
 *
 * @throws {@link AgentNotFoundError} when no agent has that id; {@link InvalidOptionError} when
 * `status` is not terminal.
 * @example
 * ```ts
 * await tasks.update((registry) => markAgentTerminal(registry, 'a1', 'completed'));
 * ```
 */
export function markAgentTerminal(
  registry: AgentRegistry,
  id: string,
  status: TerminalAgentStatus,
  endedAt: string = new Date().toISOString(),
): AgentRegistry {
  assertTerminal(status);
  const target = registry.agents.find((agent) => agent.id === id);
  if (!target) throw new AgentNotFoundError(id);
  if (isTerminalStatus(target.status)) return registry;
  const agents = registry.agents.map((agent) =>
    agent === target ? { ...agent, status, ended_at: endedAt } : agent,
  );
  return { ...registry, agents, active_count: countActive(agents) };
}

/** @throws {@link InvalidOptionError} unless `status` is terminal. */
export function assertTerminal(status: string): void {
  if (!isTerminalStatus(status)) {
    throw new InvalidOptionError('status', 'a terminal agent status', status);
  }
}
