import { open, readFile, stat, unlink } from 'node:fs/promises';
import { z } from 'zod';
import { errorCode } from '../internal/fs-identity.js';
import type { ProcReader } from '../proc/proc-reader.js';
import { readBootId, readStartTime } from '../proc/process-identity.js';
import { ReaperIoError, ReaperLockedError } from './reaper-errors.js';

const HolderSchema = z.object({
  pid: z.number().int().positive(),
  startTime: z.number(),
  bootId: z.string(),
});

/** A takeover marker older than this was left by a process killed mid-takeover. */
const TAKEOVER_STALE_MS = 10_000;

/**
 * The single-instance lock of one workspace base: a file created with `O_EXCL` holding the
 * holder's pid, start time and boot id. A holder that is no longer running (SIGKILLed, rebooted,
 * pid recycled) is detected by its start time and taken over at once; only one contender can take
 * over, under an `O_EXCL` takeover marker.
 *
 * @example
 * ```ts
 * const lock = await InstanceLock.acquire('/work/.leakproof-reaper/reaper.lock', defaultProcReader);
 * try { await work(); } finally { await lock.release(); }
 * ```
 */
export class InstanceLock {
  readonly path: string;

  private constructor(path: string) {
    this.path = path;
  }

  /**
   * Takes the lock.
   *
   * @throws {@link ReaperLockedError} when a live process holds it; {@link ReaperIoError}.
   */
  static async acquire(path: string, reader: ProcReader): Promise<InstanceLock> {
    const me = JSON.stringify({
      pid: process.pid,
      startTime: await readStartTime(process.pid, reader),
      bootId: await readBootId(reader),
    });
    if (await createExclusive(path, me)) return new InstanceLock(path);
    const takeover = `${path}.takeover`;
    await removeIfStale(takeover);
    if (!(await createExclusive(takeover, me)))
      throw new ReaperLockedError(path, await holderPid(path));
    try {
      const holder = await readHolder(path);
      if (holder ? await isRunning(holder, reader) : await isFresh(path)) {
        throw new ReaperLockedError(path, holder?.pid ?? 0);
      }
      await unlink(path).catch(ignoreMissing);
      if (!(await createExclusive(path, me)))
        throw new ReaperLockedError(path, await holderPid(path));
      return new InstanceLock(path);
    } finally {
      await unlink(takeover).catch(ignoreMissing);
    }
  }

  /** Releases the lock (only if it is still this process's). */
  async release(): Promise<void> {
    const holder = await readHolder(this.path);
    if (holder?.pid === process.pid) await unlink(this.path).catch(ignoreMissing);
  }
}

async function createExclusive(path: string, content: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw new ReaperIoError(`Cannot create ${path}`, error);
  }
}

async function readHolder(path: string): Promise<z.infer<typeof HolderSchema> | undefined> {
  try {
    return HolderSchema.parse(JSON.parse(await readFile(path, 'utf8')));
  } catch {
    // Missing, or torn by a holder killed while writing it: nobody live holds it.
    return undefined;
  }
}

async function holderPid(path: string): Promise<number> {
  return (await readHolder(path))?.pid ?? 0;
}

async function isRunning(
  holder: z.infer<typeof HolderSchema>,
  reader: ProcReader,
): Promise<boolean> {
  if (holder.bootId !== (await readBootId(reader))) return false;
  return (await readStartTime(holder.pid, reader)) === holder.startTime;
}

/** An unreadable lock file this young may be one its holder is still writing. */
async function isFresh(path: string): Promise<boolean> {
  const stats = await stat(path).catch(() => undefined);
  return stats !== undefined && Date.now() - stats.mtimeMs < 2_000;
}

async function removeIfStale(path: string): Promise<void> {
  const stats = await stat(path).catch(() => undefined);
  if (stats && Date.now() - stats.mtimeMs > TAKEOVER_STALE_MS)
    await unlink(path).catch(ignoreMissing);
}

function ignoreMissing(error: unknown): void {
  if (errorCode(error) !== 'ENOENT') throw new ReaperIoError('Cannot remove a lock file', error);
}
