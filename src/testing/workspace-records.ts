import type { AgentRegistry } from '../registry/agent-registry-schema.js';
import type { GlobalAgent, GlobalRegistry } from '../registry/global-registry-schema.js';

/**
 * One agent of an {@link AgentWorkspace}, with the paths the orchestrator layout gives it.
 *
 * @example
 * ```ts
 * const [agent] = workspace.agents;
 * await readFile(agent.promptPath, 'utf8');
 * ```
 */
export interface WorkspaceAgent {
  /** The agent id, e.g. `task-1-a2`. */
  readonly id: string;
  /** Its task, e.g. `TASK-1`. */
  readonly taskId: string;
  /** The tmux session name its registry entry names: `agent_<id>`. */
  readonly sessionName: string;
  /** `TASK-<n>/agent_prompt_<id>.txt`. */
  readonly promptPath: string;
  /** `TASK-<n>/logs/<id>_stream.jsonl`. */
  readonly logPath: string;
  /** `TASK-<n>/progress/<id>_progress.jsonl`. */
  readonly progressPath: string;
  /** `TASK-<n>/findings/<id>_findings.jsonl`. */
  readonly findingsPath: string;
}

/** Fixed, so two workspaces built alike are byte-identical. */
const STARTED_AT = '2026-01-01T00:00:00.000Z';

/** An agent's fields as an orchestrator writes them in both registries, unknown ones included. */
function agentFields(agent: WorkspaceAgent, status: string): GlobalAgent {
  return {
    type: 'coder',
    status,
    tmux_session: agent.sessionName,
    nonce: `nonce-${agent.id}`,
    prompt_file: agent.promptPath,
    started_at: STARTED_AT,
    // Fields leakproof does not know; every registry write must keep them.
    model: 'sonnet',
    parent: 'orchestrator',
    depth: 1,
  };
}

/** `AGENT_REGISTRY.json` of one task. */
export function taskRegistry(
  taskId: string,
  agents: readonly WorkspaceAgent[],
  status: string,
): AgentRegistry {
  const records = agents.map((agent) => ({ id: agent.id, ...agentFields(agent, status) }));
  return {
    task_id: taskId,
    agents: records,
    active_count: status === 'running' ? records.length : 0,
    total_spawned: records.length,
    created_at: STARTED_AT,
    max_agents: 8,
    orchestrator_version: '2.4',
  };
}

/** The global registry over every agent of the workspace. */
export function globalRegistry(agents: readonly WorkspaceAgent[], status: string): GlobalRegistry {
  const entries = agents.map(
    (agent) => [agent.id, { ...agentFields(agent, status), task_id: agent.taskId }] as const,
  );
  return {
    agents: Object.fromEntries(entries),
    active_agents: status === 'running' ? agents.length : 0,
    total_agents_spawned: agents.length,
    last_updated: STARTED_AT,
  };
}
