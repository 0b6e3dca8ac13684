import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { agentPaths } from '../agents/workspace-layout.js';

/**
 * The newest mtime of an agent's regular log files (symlinks are not followed), or `0` when it
 * has none.
 *
 * @example
 * ```ts
 * const idleFor = now - (await newestLogMtime('/work', 'TASK-1', 'a1'));
 * ```
 */
export async function newestLogMtime(root: string, task: string, id: string): Promise<number> {
  const paths = agentPaths(root, task, id);
  let newest = 0;
  for (const { dir, file } of paths.logs) {
    const stats = await lstat(join(paths.taskDir, dir, file)).catch(() => undefined);
    if (stats?.isFile()) newest = Math.max(newest, stats.mtimeMs);
  }
  return newest;
}

/**
 * Whether an agent's prompt file or a log file is still in place (what teardown would clean).
 *
 * @example
 * ```ts
 * if (await hasLeftoverFiles('/work', 'TASK-1', 'a1')) plan.push(teardown);
 * ```
 */
export async function hasLeftoverFiles(root: string, task: string, id: string): Promise<boolean> {
  const paths = agentPaths(root, task, id);
  const candidates = [
    paths.promptFile,
    ...paths.logs.map(({ dir, file }) => join(paths.taskDir, dir, file)),
  ];
  for (const path of candidates) {
    const stats = await lstat(path).catch(() => undefined);
    if (stats?.isFile() || (path === paths.promptFile && stats?.isSymbolicLink())) return true;
  }
  return false;
}
