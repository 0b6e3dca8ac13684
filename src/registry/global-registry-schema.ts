import { z } from 'zod';
import { agentRecordFields } from './agent-record.js';

const count = z.number().int().nonnegative();

/**
 * One agent in the global registry, keyed by its id. Unknown fields are kept.
 *
 * @example
 * ```ts
 * GlobalAgentSchema.parse({ task_id: 'T1', type: 'investigator', status: 'running' });
 * ```
 */
export const GlobalAgentSchema = z
  .object({ task_id: z.string().optional(), ...agentRecordFields })
  .loose();

/**
 * The orchestrator's global registry (all tasks):
 *
 * ```json
 * {
 *   "agents": {
 *     "investigator-1a2b3c": {
 *       "task_id": "TASK-20260121-153000-ab12", "type": "investigator", "status": "running",
 *       "tmux_session": "agent_investigator-1a2b3c", "session_id": "$12", "pane_pid": 48213,
 *       "nonce": "5f0c…", "prompt_file": "/work/task/agent_prompt_investigator-1a2b3c.txt",
 *       "started_at": "2026-01-21T15:30:02.114Z"
 *     }
 *   },
 *   "active_agents": 1,
 *   "total_agents_spawned": 17,
 *   "max_concurrent_agents": 20
 * }
 * ```
 *
 * Every object level is loose, so unknown fields survive. `total_agents_spawned` is optional
 * (older files lack it) and only counted when present.
 *
 * @example
 * ```ts
 * const global = new RegistryStore({ path, schema: GlobalRegistrySchema, initial: emptyGlobalRegistry });
 * ```
 */
export const GlobalRegistrySchema = z
  .object({
    agents: z.record(z.string().min(1), GlobalAgentSchema),
    active_agents: count,
    total_agents_spawned: count.optional(),
  })
  .loose();

/**
 * A global registry document.
 *
 * @example
 * ```ts
 * const registry: GlobalRegistry = await global.read();
 * ```
 */
export type GlobalRegistry = z.infer<typeof GlobalRegistrySchema>;

/**
 * One agent record of the global registry.
 *
 * @example
 * ```ts
 * const agent: GlobalAgent = { task_id: 'T1', type: 'investigator', status: 'running' };
 * ```
 */
export type GlobalAgent = z.infer<typeof GlobalAgentSchema>;

/**
 * An empty global registry, for a store's `initial`.
 *
 * @example
 * ```ts
 * new RegistryStore({ path, schema: GlobalRegistrySchema, initial: emptyGlobalRegistry });
 * ```
 */
export function emptyGlobalRegistry(): GlobalRegistry {
  return { agents: {}, active_agents: 0, total_agents_spawned: 0 };
}
