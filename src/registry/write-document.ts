import { randomInt } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { RegistryIoError } from './registry-errors.js';

/** Who should own the new file and with which permissions: those of the file it replaces. */
export interface FileOwnership {
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

/** A new file only, never through a symlink planted at the temp name. */
const createFlags =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * Replaces the registry file atomically and durably: writes `<file>.<digits>` (created
 * exclusively, never through a symlink), fdatasyncs it, renames it over the file — which
 * replaces a symlink rather than following it — and fsyncs the directory so a power cut cannot
 * undo the rename. The replaced file's mode and owner carry over.
 *
 * This is not write-file-atomic, on purpose: it resolves the target with `realpath` (writing
 * through a registry swapped for a symlink), opens its temp name without `O_EXCL`, and its
 * realpath, stat, chown, chmod and unlink cost seven extra syscalls on every update.
 *
 * @throws {@link RegistryIoError} when any step fails (the old file is then still intact).
 */
export async function writeDocument(
  path: string,
  text: string,
  ownership?: FileOwnership,
): Promise<void> {
  // Digits only: sweepTempFiles recognises `<file>.<digits>` left by a writer that was killed.
  const temp = `${path}.${randomInt(2 ** 47)}`;
  try {
    const handle = await open(temp, createFlags, ownership?.mode ?? 0o644);
    try {
      await handle.writeFile(text);
      if (ownership && needsChown(ownership)) await handle.chown(ownership.uid, ownership.gid);
      if (ownership && !(await createdWithMode(handle, ownership.mode))) {
        await handle.chmod(ownership.mode);
      }
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw new RegistryIoError(path, 'write', error);
  }
  try {
    await fsyncDirectory(dirname(path));
  } catch (error) {
    throw new RegistryIoError(path, 'write', error);
  }
}

/**
 * Per requested mode, whether the umask leaves a new file with exactly that mode — learned with
 * one `fstat` the first time, so later writes skip a `chmod`. Should the umask change later, a
 * file can only end up narrower than the original, never wider.
 */
const modeSurvivesUmask = new Map<number, boolean>();

async function createdWithMode(handle: FileHandle, mode: number): Promise<boolean> {
  let survives = modeSurvivesUmask.get(mode);
  if (survives === undefined) {
    survives = ((await handle.stat()).mode & 0o7777) === mode;
    modeSurvivesUmask.set(mode, survives);
  }
  return survives;
}

/** Only root can give a file away; anyone else writes files they own. */
function needsChown({ uid, gid }: FileOwnership): boolean {
  return process.getuid?.() === 0 && (uid !== 0 || gid !== 0);
}

/** Makes a rename or unlink inside `dir` durable. */
export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
