import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expectAbsolutePath } from '../internal/expect-path.js';
import { FileSystemError } from '../resources/file-errors.js';
import { expectAgentId, expectTaskDirName, isTaskDirName } from './agent-ids.js';

/**
 * Every path of one agent in the orchestrator layout, built only from validated parts:
 *
 * ```
 * <base>/TASK-…/AGENT_REGISTRY.json
 * <base>/TASK-…/agent_prompt_<id>.txt
 * <base>/TASK-…/logs/<id>_stream.jsonl
 * <base>/TASK-…/progress/<id>_progress.jsonl
 * <base>/TASK-…/findings/<id>_findings.jsonl
 * <base>/TASK-…/archive/
 * ```
 *
 * @example
 * ```ts
 * const { promptFile, logs } = agentPaths('/work', 'TASK-1', 'a1');
 * ```
 */
export interface AgentPaths {
  readonly agentId: string;
  readonly taskName: string;
  readonly taskDir: string;
  readonly registry: string;
  readonly promptFile: string;
  /** The agent's log files, each with the directory it lives in (relative to `taskDir`). */
  readonly logs: readonly { readonly dir: string; readonly file: string }[];
  readonly archiveDir: string;
}

/** The log directories of the layout and each one's file suffix. */
const LOG_KINDS = [
  ['logs', '_stream.jsonl'],
  ['progress', '_progress.jsonl'],
  ['findings', '_findings.jsonl'],
] as const;

/**
 * The paths of agent `agentId` in task `taskName` under workspace `base`.
 *
 * @throws {@link InvalidAgentPathError} for an invalid id or task name;
 * {@link InvalidOptionError} when `base` is not absolute and normalised.
 * @example
 * ```ts
 * agentPaths('/work', 'TASK-1', 'a1').promptFile; // '/work/TASK-1/agent_prompt_a1.txt'
 * ```
 */
export function agentPaths(base: string, taskName: string, agentId: string): AgentPaths {
  const taskDir = join(expectAbsolutePath('base', base), expectTaskDirName(taskName));
  const id = expectAgentId(agentId);
  return {
    agentId: id,
    taskName,
    taskDir,
    registry: join(taskDir, 'AGENT_REGISTRY.json'),
    promptFile: join(taskDir, `agent_prompt_${id}.txt`),
    logs: LOG_KINDS.map(([dir, suffix]) => ({ dir, file: `${id}${suffix}` })),
    archiveDir: join(taskDir, 'archive'),
  };
}

/**
 * The registry file of task `taskName`.
 *
 * @throws {@link InvalidAgentPathError}; {@link InvalidOptionError}.
 * @example
 * ```ts
 * registryPath('/work', 'TASK-1'); // '/work/TASK-1/AGENT_REGISTRY.json'
 * ```
 */
export function registryPath(base: string, taskName: string): string {
  return join(expectAbsolutePath('base', base), expectTaskDirName(taskName), 'AGENT_REGISTRY.json');
}

/**
 * The task directories directly under `base`: real directories (never symlinks) whose names
 * match {@link TASK_DIR_PATTERN}, sorted. A missing base has none.
 *
 * @throws {@link FileSystemError} when `base` cannot be listed.
 * @example
 * ```ts
 * for (const task of await listTaskDirs('/work')) console.log(task);
 * ```
 */
export async function listTaskDirs(base: string): Promise<string[]> {
  const root = expectAbsolutePath('base', base);
  try {
    const entries = await readdir(root, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isDirectory() && isTaskDirName(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new FileSystemError('list', root, error);
  }
}
