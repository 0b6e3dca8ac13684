import { randomInt } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fstatSync,
  openSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { createNewFlags, fdatasync, fsync } from './inline-fs.js';
import { RegistryIoError } from './registry-errors.js';

/** Who should own the new file and with which permissions: those of the file it replaces. */
export interface FileOwnership {
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

/**
 * Replaces the registry file atomically and durably: writes `<file>.<digits>` (created
 * exclusively, never through a symlink), fdatasyncs it, renames it over the file — which
 * replaces a symlink rather than following it — and fsyncs the directory so a power cut cannot
 * undo the rename. The replaced file's mode and owner carry over.
 *
 * This is not write-file-atomic, on purpose: it resolves the target with `realpath` (writing
 * through a registry swapped for a symlink), opens its temp name without `O_EXCL`, and its
 * realpath, stat, chown, chmod and unlink cost seven extra syscalls on every update. Every step
 * but the two fsyncs runs inline (see `inline-fs.ts`).
 *
 * `confirm` runs right before the rename, in the same synchronous step, so nothing — not even a
 * pause of the whole process during the fdatasync — comes between a lock holder's last check of
 * its lease and the replacement; whatever it throws aborts the write and is rethrown as is.
 *
 * @throws {@link RegistryIoError} when any step fails (the old file is then still intact).
 */
export async function writeDocument(
  path: string,
  text: string,
  ownership: FileOwnership | undefined,
  confirm: () => void,
): Promise<void> {
  // Digits only: sweepTempFiles recognises `<file>.<digits>` left by a writer that was killed.
  const temp = `${path}.${randomInt(2 ** 47)}`;
  try {
    const fd = openSync(temp, createNewFlags, ownership?.mode ?? 0o644);
    try {
      writeFileSync(fd, text);
      if (ownership && needsChown(ownership)) fchownSync(fd, ownership.uid, ownership.gid);
      if (ownership && !createdWithMode(fd, ownership.mode)) fchmodSync(fd, ownership.mode);
      await fdatasync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    discard(temp);
    throw new RegistryIoError(path, 'write', error);
  }
  try {
    confirm();
  } catch (error) {
    discard(temp);
    throw error;
  }
  try {
    renameSync(temp, path);
  } catch (error) {
    discard(temp);
    throw new RegistryIoError(path, 'write', error);
  }
  try {
    await fsyncDirectory(dirname(path));
  } catch (error) {
    throw new RegistryIoError(path, 'write', error);
  }
}

/** Removes a temp file that will not be renamed; one that stays is swept later anyway. */
function discard(temp: string): void {
  try {
    unlinkSync(temp);
  } catch {}
}

/**
 * Per requested mode, whether the umask leaves a new file with exactly that mode — learned with
 * one `fstat` the first time, so later writes skip a `chmod`. Should the umask change later, a
 * file can only end up narrower than the original, never wider.
 */
const modeSurvivesUmask = new Map<number, boolean>();

function createdWithMode(fd: number, mode: number): boolean {
  let survives = modeSurvivesUmask.get(mode);
  if (survives === undefined) {
    survives = (fstatSync(fd).mode & 0o7777) === mode;
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
  const fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await fsync(fd);
  } finally {
    closeSync(fd);
  }
}
