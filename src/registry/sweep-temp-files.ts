import { basename, dirname, join } from 'node:path';
import { readdir, unlink } from './inline-fs.js';

/**
 * Removes `<file>.<digits>` temp files that a writer (ours, or write-file-atomic in older tools)
 * leaves when its process is SIGKILLed mid-write. Call only while holding the registry's lock: then no live writer of this
 * registry can own one of them.
 *
 * @returns The paths removed.
 */
export async function sweepTempFiles(path: string): Promise<string[]> {
  const prefix = `${basename(path)}.`;
  const dir = dirname(path);
  const names = await readdir(dir).catch(() => []);
  const leftovers = names.filter(
    (name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)),
  );
  const removed: string[] = [];
  for (const name of leftovers) {
    const file = join(dir, name);
    // Already gone is fine: another sweeper of the same registry got there first.
    await unlink(file).then(
      () => removed.push(file),
      () => undefined,
    );
  }
  return removed;
}
