import { randomUUID } from 'node:crypto';
import { link, open, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { isLeakproofError } from '../errors/leakproof-error.js';
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
 * Options of {@link promptFile}.
 *
 * @example
 * ```ts
 * const options: PromptFileOptions = { path: '/w/TASK-1/agent_prompt_a1.txt', content: 'Fix #12' };
 * ```
 */
export interface PromptFileOptions {
  /** Absolute path of the file to create; it must not exist yet. */
  readonly path: string;
  /** What the file holds. */
  readonly content: string | Uint8Array;
  /** Permission bits, applied regardless of the umask. @defaultValue `0o600` */
  readonly mode?: number;
}

/**
 * What acquiring a {@link promptFile} returns: the path and the identity of the file created,
 * which release checks so that a file put in its place later is never deleted.
 *
 * @example
 * ```ts
 * const { path } = await scope.acquire(promptFile({ path: p, content }));
 * ```
 */
export interface PromptFileHandle extends FileIdentity {
  /** Absolute path of the file. */
  readonly path: string;
}

/**
 * A file written atomically and never over anything: the content goes to a private temporary
 * file that is then hard-linked into place, which fails if anything — a file, a directory, a
 * symbolic link — already has the name. Readers see the whole file or none. Release unlinks it,
 * but only if the name still points at the file this resource created.
 *
 * @throws {@link FileExistsError} or {@link SymlinkRefusedError} when the path is taken (nothing
 * is changed), {@link FileSystemError} for other file-system failures.
 * @example
 * ```ts
 * await using scope = new ResourceScope();
 * await scope.acquire(promptFile({ path: '/w/TASK-1/agent_prompt_a1.txt', content: prompt }));
 * ```
 */
export function promptFile(options: PromptFileOptions): Resource<PromptFileHandle> {
  const opts = expectOptionsObject('options', options);
  const path = expectAbsolutePath('path', opts.path);
  const content = opts.content;
  if (typeof content !== 'string' && !(content instanceof Uint8Array)) {
    throw new InvalidOptionError('content', 'a string or Uint8Array', content);
  }
  const mode = opts.mode ?? 0o600;
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) {
    throw new InvalidOptionError('mode', 'a permission mode between 0o0 and 0o7777', opts.mode);
  }
  // A dot-prefixed sibling: same directory, so link() stays on one file system.
  const temp = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  return {
    kind: 'file',
    label: path,
    intent: { path, temp },
    acquire: async ({ signal, intend }) => {
      signal.throwIfAborted();
      await refuseTaken(path);
      return { path, ...(await writeThenLink(path, temp, content, mode, intend)) };
    },
    release: async (handle) => removeIfSame(handle.path, handle),
  };
}

async function refuseTaken(path: string): Promise<void> {
  const stats = await lstatOrUndefined(path).catch((error: unknown) => {
    throw new FileSystemError('inspect', path, error);
  });
  if (stats?.isSymbolicLink()) throw new SymlinkRefusedError(path);
  if (stats) throw new FileExistsError(path);
}

async function writeThenLink(
  path: string,
  temp: string,
  content: string | Uint8Array,
  mode: number,
  intend: AcquireContext['intend'],
): Promise<FileIdentity> {
  let identity: FileIdentity;
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(content);
      // open()'s mode is filtered by the umask; the caller's mode is meant literally.
      await handle.chmod(mode);
      await handle.sync();
      identity = identityOf(await handle.stat({ bigint: true }));
    } finally {
      await handle.close();
    }
    // Journalled before the name appears, so recovery can tell this file from any other.
    await intend({ path, temp, identity: { ...identity } });
    await link(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    if (isLeakproofError(error)) throw error;
    if (errorCode(error) === 'EEXIST') await refuseTaken(path);
    throw new FileSystemError('create', path, error);
  }
  try {
    await unlink(temp);
  } catch (error) {
    // An acquire that throws must leave nothing: take the linked name back too.
    await removeIfSame(path, identity).catch(() => {});
    throw new FileSystemError('remove the temporary file', temp, error);
  }
  return identity;
}

/** Unlinks `path` when it is still the file `identity` names; gone or replaced counts as done. */
export async function removeIfSame(path: string, identity: FileIdentity): Promise<void> {
  try {
    if (!isSameFile(await lstatOrUndefined(path), identity)) return;
    await unlink(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw new FileSystemError('remove', path, error);
  }
}
