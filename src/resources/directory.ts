import { mkdir, rmdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { expectOptionsObject } from '../internal/expect.js';
import { expectAbsolutePath } from '../internal/expect-path.js';
import {
  errorCode,
  type FileIdentity,
  identityOf,
  isSameFile,
  lstatOrUndefined,
} from '../internal/fs-identity.js';
import type { AcquireContext, Resource } from '../scope/resource.js';
import { FileExistsError, FileSystemError, SymlinkRefusedError } from './file-errors.js';

/**
 * Options of {@link directory}.
 *
 * @example
 * ```ts
 * const options: DirectoryOptions = { path: '/w/TASK-1/logs' };
 * ```
 */
export interface DirectoryOptions {
  /** Absolute path of the directory; missing parents are created too. */
  readonly path: string;
}

/**
 * One directory this resource created, with the identity release checks before removing it.
 *
 * @example
 * ```ts
 * const { created } = await scope.acquire(directory({ path }));
 * created.map((dir) => dir.path); // outermost first
 * ```
 */
export interface CreatedDirectory extends FileIdentity {
  /** Absolute path of the created directory. */
  readonly path: string;
}

/**
 * What acquiring a {@link directory} returns: its path and the directories this acquire created
 * (outermost first; empty when the directory already existed).
 *
 * @example
 * ```ts
 * const { created } = await scope.acquire(directory({ path: logs }));
 * ```
 */
export interface DirectoryHandle {
  /** Absolute path of the directory. */
  readonly path: string;
  /** The directories this acquire created, outermost first. */
  readonly created: readonly CreatedDirectory[];
}

/**
 * A directory that exists for the scope's lifetime: created (with missing parents) if absent.
 * Release removes only the directories this acquire created, innermost first, and only while
 * they are empty and still the same directories; a directory that already existed is kept.
 *
 * @throws {@link SymlinkRefusedError} when the path is a symbolic link,
 * {@link FileExistsError} when it is something other than a directory,
 * {@link FileSystemError} for other file-system failures.
 * @example
 * ```ts
 * await using scope = new ResourceScope();
 * await scope.acquire(directory({ path: '/w/TASK-1/logs' }));
 * ```
 */
export function directory(options: DirectoryOptions): Resource<DirectoryHandle> {
  const opts = expectOptionsObject('options', options);
  const path = expectAbsolutePath('path', opts.path);
  return {
    kind: 'directory',
    label: path,
    intent: { path },
    acquire: async ({ signal, intend }) => {
      signal.throwIfAborted();
      return { path, created: await createMissing(path, intend) };
    },
    release: async (handle) => removeCreated(handle.created),
  };
}

/**
 * Creates `path` and its missing parents one by one, recording only what this call made, and
 * journalling each step before the next so recovery knows exactly what is ours.
 */
async function createMissing(
  path: string,
  intend: AcquireContext['intend'],
): Promise<CreatedDirectory[]> {
  const missing: string[] = [];
  for (let current = path; ; current = dirname(current)) {
    const stats = await inspect(current);
    if (stats?.isSymbolicLink()) throw new SymlinkRefusedError(current);
    if (stats && !stats.isDirectory()) throw new FileExistsError(current, 'is not a directory');
    if (stats) break;
    missing.unshift(current);
  }
  const created: CreatedDirectory[] = [];
  if (missing.length === 0) return created;
  try {
    await intend({ path, missing });
    for (const dir of missing) {
      try {
        await mkdir(dir);
      } catch (error) {
        // Someone else created it meanwhile: it is theirs, not ours to remove later.
        if (errorCode(error) === 'EEXIST') continue;
        throw new FileSystemError('create directory', dir, error);
      }
      const stats = await inspect(dir);
      if (stats?.isDirectory()) created.push({ path: dir, ...identityOf(stats) });
      await intend({ path, missing, created: created.map((entry) => ({ ...entry })) });
    }
  } catch (error) {
    await removeCreated(created).catch(() => {});
    throw error;
  }
  return created;
}

/** Removes created directories innermost first; stops at the first one that is not empty. */
export async function removeCreated(created: readonly CreatedDirectory[]): Promise<void> {
  for (const dir of [...created].reverse()) {
    try {
      if (!isSameFile(await lstatOrUndefined(dir.path), dir)) continue;
      await rmdir(dir.path);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT') continue;
      // Not empty: someone put something there, so it and its parents stay.
      if (code === 'ENOTEMPTY' || code === 'EEXIST') return;
      throw new FileSystemError('remove directory', dir.path, error);
    }
  }
}

async function inspect(path: string) {
  try {
    return await lstatOrUndefined(path);
  } catch (error) {
    throw new FileSystemError('inspect', path, error);
  }
}
