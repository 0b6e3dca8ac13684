import { unlink } from 'node:fs/promises';
import { errorCode, lstatOrUndefined } from '../internal/fs-identity.js';
import { FileSystemError } from '../resources/file-errors.js';

/**
 * Removes an agent's prompt file: a regular file or a symlink is unlinked (`unlink` never follows
 * a link, so a symlink's target is untouched); anything else (a directory, a FIFO) is left.
 *
 * @returns `removed`, `absent`, or `skipped` (not a file or symlink).
 * @throws {@link FileSystemError}.
 * @example
 * ```ts
 * await removePromptFile(agentPaths(base, 'TASK-1', 'a1').promptFile);
 * ```
 */
export async function removePromptFile(path: string): Promise<'removed' | 'absent' | 'skipped'> {
  try {
    const stats = await lstatOrUndefined(path);
    if (stats === undefined) return 'absent';
    if (!stats.isFile() && !stats.isSymbolicLink()) return 'skipped';
    await unlink(path);
    return 'removed';
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 'absent';
    throw new FileSystemError('remove', path, error);
  }
}
