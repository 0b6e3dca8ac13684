import type { BigIntStats } from 'node:fs';
import { link, mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { errorCode, lstatOrUndefined } from '../internal/fs-identity.js';
import { FileSystemError, SymlinkRefusedError } from '../resources/file-errors.js';
import type { AgentPaths } from './workspace-layout.js';

/**
 * What happened to one log file of an agent.
 *
 * @example
 * ```ts
 * const entry: ArchivedLog = { source: 'logs/a1_stream.jsonl', status: 'archived', archivedAs: 'archive/a1_stream.jsonl' };
 * ```
 */
export interface ArchivedLog {
  /** Path relative to the task directory. */
  readonly source: string;
  /** `archived`; `absent` (nothing there); `skipped` (not a regular file: FIFO, symlink, …). */
  readonly status: 'archived' | 'absent' | 'skipped';
  /** Where it went, relative to the task directory, when archived. */
  readonly archivedAs?: string;
}

/** Name clashes resolved before giving up: `x`, `x.1`, … `x.999`. */
const MAX_SUFFIX = 1000;

/**
 * Moves the agent's regular log files into `archive/` under their own names — by hard link then
 * unlink, so an existing archive file is never overwritten (a clash gets a `.1`, `.2`, … suffix).
 * Non-regular files are skipped; a symlinked log directory or `archive/` is refused. Nothing is
 * ever followed through a symlink.
 *
 * @throws {@link SymlinkRefusedError}; {@link FileSystemError}.
 * @example
 * ```ts
 * const archived = await archiveLogs(agentPaths(base, 'TASK-1', 'a1'));
 * ```
 */
export async function archiveLogs(paths: AgentPaths): Promise<ArchivedLog[]> {
  const results: ArchivedLog[] = [];
  for (const { dir, file } of paths.logs) {
    const source = `${dir}/${file}`;
    const dirStats = await lstatChecked(join(paths.taskDir, dir));
    if (dirStats === undefined || !dirStats.isDirectory()) {
      results.push({ source, status: 'absent' });
      continue;
    }
    const sourcePath = join(paths.taskDir, dir, file);
    const stats = await lstatChecked(sourcePath, false);
    if (stats === undefined) results.push({ source, status: 'absent' });
    else if (!stats.isFile()) results.push({ source, status: 'skipped' });
    else {
      await ensureArchiveDir(paths.archiveDir);
      const name = await linkWithoutClobber(sourcePath, paths.archiveDir, file);
      await unlinkIfPresent(sourcePath);
      results.push({ source, status: 'archived', archivedAs: `archive/${name}` });
    }
  }
  return results;
}

/** lstat that refuses a symlinked directory (`refuseLink`) and wraps other errors. */
async function lstatChecked(path: string, refuseLink = true): Promise<BigIntStats | undefined> {
  let stats: BigIntStats | undefined;
  try {
    stats = await lstatOrUndefined(path);
  } catch (error) {
    throw new FileSystemError('inspect', path, error);
  }
  if (refuseLink && stats?.isSymbolicLink()) throw new SymlinkRefusedError(path);
  return stats;
}

async function ensureArchiveDir(path: string): Promise<void> {
  try {
    await mkdir(path, { mode: 0o700 });
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw new FileSystemError('create', path, error);
  }
  const stats = await lstatChecked(path);
  if (!stats?.isDirectory()) throw new FileSystemError('use', path, new Error('not a directory'));
}

/** `link` fails on any existing name, so the first free name wins and nothing is clobbered. */
async function linkWithoutClobber(source: string, dir: string, name: string): Promise<string> {
  for (let suffix = 0; suffix < MAX_SUFFIX; suffix++) {
    const candidate = suffix === 0 ? name : `${name}.${suffix}`;
    try {
      await link(source, join(dir, candidate));
      return candidate;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw new FileSystemError('archive', source, error);
    }
  }
  throw new FileSystemError('archive', source, new Error(`${MAX_SUFFIX} archive names taken`));
}

async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw new FileSystemError('remove', path, error);
  }
}
