import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { expectNonNegativeInteger, expectOptionsObject } from '../internal/expect.js';
import { AgentRegistrySchema } from '../registry/agent-registry-schema.js';
import { GlobalRegistrySchema } from '../registry/global-registry-schema.js';
import { globalRegistry, taskRegistry, type WorkspaceAgent } from './workspace-records.js';

/**
 * Options of {@link createAgentWorkspace}.
 *
 * @example
 * ```ts
 * await using workspace = await createAgentWorkspace({ tasks: 2, agentsPerTask: 3 });
 * ```
 */
export interface AgentWorkspaceOptions {
  /** How many `TASK-<n>` directories. @defaultValue `1` */
  readonly tasks?: number;
  /** How many agents each task has. @defaultValue `1` */
  readonly agentsPerTask?: number;
  /** The `status` of every registry entry. @defaultValue `'running'` */
  readonly status?: string;
  /** Where the temporary base directory is made. @defaultValue `os.tmpdir()` */
  readonly parentDir?: string;
}

/**
 * One `TASK-<n>` directory of an {@link AgentWorkspace}.
 *
 * @example
 * ```ts
 * const [task] = workspace.tasks; // { id: 'TASK-1', dir, registryPath, agents }
 * ```
 */
export interface WorkspaceTask {
  /** `TASK-<n>`. */
  readonly id: string;
  /** `<base>/TASK-<n>`. */
  readonly dir: string;
  /** `<base>/TASK-<n>/AGENT_REGISTRY.json`. */
  readonly registryPath: string;
  /** Its agents. */
  readonly agents: readonly WorkspaceAgent[];
}

/**
 * A temporary workspace base in the orchestrator layout; disposing it removes it.
 *
 * ```
 * <base>/GLOBAL_REGISTRY.json
 * <base>/TASK-1/AGENT_REGISTRY.json
 * <base>/TASK-1/agent_prompt_<id>.txt
 * <base>/TASK-1/logs/<id>_stream.jsonl
 * <base>/TASK-1/progress/<id>_progress.jsonl
 * <base>/TASK-1/findings/<id>_findings.jsonl
 * <base>/TASK-1/archive/
 * ```
 *
 * @example
 * ```ts
 * await using workspace = await createAgentWorkspace({ tasks: 1, agentsPerTask: 2 });
 * const store = new RegistryStore({ path: workspace.tasks[0].registryPath, schema: AgentRegistrySchema, initial: emptyAgentRegistry });
 * ```
 */
export interface AgentWorkspace extends AsyncDisposable {
  /** The workspace base directory. */
  readonly base: string;
  /** `<base>/GLOBAL_REGISTRY.json`. */
  readonly globalRegistryPath: string;
  /** Every task, in order. */
  readonly tasks: readonly WorkspaceTask[];
  /** Every agent of every task, in order. */
  readonly agents: readonly WorkspaceAgent[];
}

/**
 * Creates an {@link AgentWorkspace}: registries valid per `AgentRegistrySchema` and
 * `GlobalRegistrySchema` (with the unknown fields real orchestrators write), a prompt, a stream
 * log, a progress and a findings file per agent, and an empty `archive/` per task.
 *
 * @throws `InvalidOptionError` (from `leakproof`) for bad counts.
 * @example
 * ```ts
 * await using workspace = await createAgentWorkspace({ tasks: 2, agentsPerTask: 2 });
 * assert.equal(workspace.agents.length, 4);
 * ```
 */
export async function createAgentWorkspace(
  options: AgentWorkspaceOptions = {},
): Promise<AgentWorkspace> {
  const opts = expectOptionsObject('options', options);
  const taskCount = expectNonNegativeInteger('tasks', opts.tasks ?? 1);
  const perTask = expectNonNegativeInteger('agentsPerTask', opts.agentsPerTask ?? 1);
  const status = opts.status ?? 'running';
  if (typeof status !== 'string' || status === '') {
    throw new InvalidOptionError('status', 'a non-empty string', status);
  }
  const base = await mkdtemp(join(opts.parentDir ?? tmpdir(), 'leakproof-workspace-'));
  const remove = () => rm(base, { recursive: true, force: true });
  try {
    const tasks = Array.from({ length: taskCount }, (_, t) => taskLayout(base, t + 1, perTask));
    await Promise.all(tasks.map((task) => writeTask(task, status)));
    const agents = tasks.flatMap((task) => task.agents);
    const globalRegistryPath = join(base, 'GLOBAL_REGISTRY.json');
    await writeJson(globalRegistryPath, GlobalRegistrySchema.parse(globalRegistry(agents, status)));
    return { base, globalRegistryPath, tasks, agents, [Symbol.asyncDispose]: remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

function taskLayout(base: string, n: number, perTask: number): WorkspaceTask {
  const id = `TASK-${n}`;
  const dir = join(base, id);
  const agents = Array.from({ length: perTask }, (_, a): WorkspaceAgent => {
    const agentId = `task-${n}-a${a + 1}`;
    return {
      id: agentId,
      taskId: id,
      sessionName: `agent_${agentId}`,
      promptPath: join(dir, `agent_prompt_${agentId}.txt`),
      logPath: join(dir, 'logs', `${agentId}_stream.jsonl`),
      progressPath: join(dir, 'progress', `${agentId}_progress.jsonl`),
      findingsPath: join(dir, 'findings', `${agentId}_findings.jsonl`),
    };
  });
  return { id, dir, registryPath: join(dir, 'AGENT_REGISTRY.json'), agents };
}

async function writeTask(task: WorkspaceTask, status: string): Promise<void> {
  for (const sub of ['logs', 'progress', 'findings', 'archive']) {
    await mkdir(join(task.dir, sub), { recursive: true });
  }
  const registry = AgentRegistrySchema.parse(taskRegistry(task.id, task.agents, status));
  await writeJson(task.registryPath, registry);
  for (const agent of task.agents) {
    const event = (type: string) => `${JSON.stringify({ type, agent: agent.id })}\n`;
    await writeFile(agent.promptPath, `You are ${agent.id} of ${task.id}. Fix the flaky test.\n`);
    await writeFile(agent.logPath, event('system') + event('assistant'));
    await writeFile(agent.progressPath, event('progress'));
    await writeFile(agent.findingsPath, event('finding'));
  }
}

function writeJson(path: string, value: unknown): Promise<void> {
  return writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}
