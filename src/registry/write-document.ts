import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { RegistryIoError } from './registry-errors.js';

/**
 * Replaces the registry file atomically and durably: write-file-atomic writes a temp file,
 * fsyncs and renames it; then the directory is fsynced, which write-file-atomic never does, so a
 * power cut cannot undo the rename.
 *
 * @throws {@link RegistryIoError} when any step fails (the old file is then still intact).
 */
export async function writeDocument(path: string, text: string): Promise<void> {
  try {
    // A fresh options object each time: write-file-atomic mutates the one it is given.
    await writeFileAtomic(path, text, { fsync: true });
    await fsyncDirectory(dirname(path));
  } catch (error) {
    throw new RegistryIoError(path, 'write', error);
  }
}

/** Makes a rename or unlink inside `dir` durable. */
export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
