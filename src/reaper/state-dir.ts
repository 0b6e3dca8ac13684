import { lstat, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { errorCode } from '../internal/fs-identity.js';
import { ReaperIoError } from './reaper-errors.js';
import { emptyReaperState, type ReaperState, ReaperStateSchema } from './reaper-state.js';

/**
 * Files of the state directory.
 *
 * @example
 * ```ts
 * join(stateDir, STATE_FILES.heartbeat); // '<stateDir>/heartbeat.json'
 * ```
 */
export const STATE_FILES = {
  state: 'state.json',
  heartbeat: 'heartbeat.json',
  metrics: 'reaper.prom',
  lock: 'reaper.lock',
} as const;

/**
 * Creates the state directory (not its parents) and refuses it when it is a symlink.
 *
 * @throws {@link ReaperIoError}.
 * @example
 * ```ts
 * await ensureStateDir('/work/.leakproof-reaper');
 * ```
 */
export async function ensureStateDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { mode: 0o700 });
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw new ReaperIoError(`Cannot create ${dir}`, error);
  }
  const stats = await lstat(dir).catch((error: unknown) => {
    throw new ReaperIoError(`Cannot inspect ${dir}`, error);
  });
  if (!stats.isDirectory()) throw new ReaperIoError(`${dir} is not a directory (or is a symlink)`);
}

/**
 * Reads the state file. A missing or invalid one (checked with zod) yields an empty state, which
 * is the conservative choice: every orphan clock starts again.
 *
 * @example
 * ```ts
 * const { state, note } = await readReaperState(stateDir);
 * ```
 */
export async function readReaperState(dir: string): Promise<{ state: ReaperState; note?: string }> {
  let text: string;
  try {
    text = await readFile(join(dir, STATE_FILES.state), { encoding: 'utf8', flag: 'r' });
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { state: emptyReaperState() };
    return {
      state: emptyReaperState(),
      note: `state file unreadable: ${(error as Error).message}`,
    };
  }
  try {
    return { state: ReaperStateSchema.parse(JSON.parse(text)) };
  } catch {
    return { state: emptyReaperState(), note: 'state file invalid: starting afresh' };
  }
}

/**
 * Replaces one file of the state directory atomically (temp file, fsync, rename).
 *
 * @throws {@link ReaperIoError}.
 * @example
 * ```ts
 * await writeStateFile(stateDir, STATE_FILES.heartbeat, JSON.stringify({ at: Date.now() }));
 * ```
 */
export async function writeStateFile(dir: string, name: string, text: string): Promise<void> {
  const path = join(dir, name);
  try {
    await writeFileAtomic(path, text, { fsync: true, mode: 0o600 });
  } catch (error) {
    throw new ReaperIoError(`Cannot write ${path}`, error);
  }
}
