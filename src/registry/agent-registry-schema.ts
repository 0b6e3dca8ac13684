import { z } from 'zod';
import { agentRecordFields } from './agent-record.js';

const count = z.number().int().nonnegative();

/**
 * One agent in a task registry. Unknown fields are kept.
 *
 * @example
 * ```ts
 * TaskAgentSchema.parse({ id: 'a1', type: 'investigator', status: 'running' });
 * ```
 */
export const TaskAgentSchema = z.object({ id: z.string().min(1), ...agentRecordFields }).loose();

/**
 * A task's `AGENT_REGISTRY.json`, as orchestrators write it:
 *
 * ```json
 * {
 *   "task_id": "TASK-20260121-153000-ab12",
 *   "agents": [{
 *     "id": "investigator-1a2b3c", "type": "investigator", "status": "running",
 *     "tmux_session": "agent_investigator-1a2b3c", "session_id": "$12", "pane_pid": 48213,
 *     "nonce": "5f0c…", "prompt_file": "/work/task/agent_prompt_investigator-1a2b3c.txt",
 *     "started_at": "2026-01-21T15:30:02.114Z", "parent": "orchestrator", "depth": 1
 *   }],
 *   "active_count": 1,
 *   "total_spawned": 1,
 *   "max_agents": 45
 * }
 * ```
 *
 * Every object level is loose: fields other tools write (`parent`, `depth`, `max_agents`,
 * `completed_count`, ...) survive every update. Keep `active_count` equal to the live agents with
 * {@link registerAgent} / {@link markAgentTerminal}.
 *
 * @example
 * ```ts
 * const tasks = new RegistryStore({ path, schema: AgentRegistrySchema, initial: emptyAgentRegistry });
 * ```
 */
export const AgentRegistrySchema = z
  .object({
    task_id: z.string().optional(),
    agents: z.array(TaskAgentSchema),
    active_count: count,
    total_spawned: count,
  })
  .loose();

/**
 * A task registry document.
 *
 * @example
 * ```ts
 * const registry: AgentRegistry = await tasks.read();
 * ```
 */
export type AgentRegistry = z.infer<typeof AgentRegistrySchema>;

/**
 * One agent record of a task registry.
 *
 * @example
 * ```ts
 * const agent: TaskAgent = { id: 'a1', type: 'investigator', status: 'running' };
 * ```
 */
export type TaskAgent = z.infer<typeof TaskAgentSchema>;

/**
 * An empty task registry, for a store's `initial`.
 *
 * @example
 * ```ts
 * new RegistryStore({ path, schema: AgentRegistrySchema, initial: () => emptyAgentRegistry('T1') });
 * ```
 */
export function emptyAgentRegistry(taskId?: string): AgentRegistry {
  const registry: AgentRegistry = { agents: [], active_count: 0, total_spawned: 0 };
  return taskId === undefined ? registry : { task_id: taskId, ...registry };
}
