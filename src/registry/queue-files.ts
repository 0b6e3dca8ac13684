import { constants } from 'node:fs';
import { readFile, rmdir, unlink, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';

/** A new file only, never through a symlink planted at its name. */
const createNew = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/** Creates a queue file holding `text`; fails if the name exists. */
export async function createQueueFile(path: string, text: string): Promise<void> {
  await writeFile(path, text, { flag: createNew, mode: 0o644 });
}

/** A queue file's text, never through a symlink. */
export function readQueueFile(path: string): Promise<string> {
  return readFile(path, { encoding: 'utf8', flag: constants.O_RDONLY | constants.O_NOFOLLOW });
}

/**
 * Removes a queue entry: an empty directory for a request carried in its name (and that
 * request's `claimed`/`ok`/`done` states), else a file — one syscall when the name is right.
 */
export async function removeEntry(path: string): Promise<void> {
  const name = basename(path);
  const directory = name.includes('.req-') && !name.endsWith('.failed');
  try {
    await (directory ? rmdir(path) : unlink(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'ENOTDIR') throw error;
    await (directory ? unlink(path) : rmdir(path));
  }
}
