import { isFinishedState, parseStat } from './parse-stat.js';
import { ProcUnavailableError } from './proc-errors.js';
import { defaultProcReader, type ProcReader } from './proc-reader.js';

/**
 * A process named so that it cannot be confused with a later one that reuses its pid: the pid
 * plus its start time in clock ticks since boot (`/proc/<pid>/stat` field 22).
 *
 * @example
 * ```ts
 * const me: ProcessIdentity = { pid: process.pid, startTime: await readStartTime(process.pid) };
 * ```
 */
export interface ProcessIdentity {
  readonly pid: number;
  readonly startTime: number;
}

/**
 * Reads the start time of `pid`, or `undefined` when no such process exists (or it is a zombie).
 *
 * @example
 * ```ts
 * const startTime = await readStartTime(process.pid);
 * ```
 */
export async function readStartTime(
  pid: number,
  reader: ProcReader = defaultProcReader,
): Promise<number | undefined> {
  const text = await reader.readStat(pid);
  const stat = text === undefined ? undefined : parseStat(text);
  if (stat === undefined || stat.pid !== pid || isFinishedState(stat.state)) return undefined;
  return stat.startTime;
}

/**
 * Whether the exact process `identity` names is still running (same pid, same start time, not a
 * zombie). A recycled pid is "not alive".
 *
 * @example
 * ```ts
 * if (await isAlive({ pid, startTime })) process.kill(pid, 'SIGTERM');
 * ```
 */
export async function isAlive(
  identity: ProcessIdentity,
  reader: ProcReader = defaultProcReader,
): Promise<boolean> {
  return (await readStartTime(identity.pid, reader)) === identity.startTime;
}

/**
 * The exit status of `identity` if it has exited but its parent has not reaped it yet (a zombie);
 * `undefined` if it is running, gone, or was killed by a signal.
 *
 * @example
 * ```ts
 * const status = await readZombieExitStatus({ pid, startTime }); // 42
 * ```
 */
export async function readZombieExitStatus(
  identity: ProcessIdentity,
  reader: ProcReader = defaultProcReader,
): Promise<number | undefined> {
  const text = await reader.readStat(identity.pid);
  const stat = text === undefined ? undefined : parseStat(text);
  if (stat?.state !== 'Z' || stat.startTime !== identity.startTime) return undefined;
  // Decoded like WIFEXITED/WEXITSTATUS.
  return (stat.waitStatus & 0x7f) === 0 ? (stat.waitStatus >> 8) & 0xff : undefined;
}

/**
 * Reads this boot's id (`/proc/sys/kernel/random/boot_id`): with a start time it tells a process
 * of this boot from one of an earlier boot.
 *
 * @throws {@link ProcUnavailableError} when the file cannot be read.
 * @example
 * ```ts
 * const bootId = await readBootId(); // '7f1c…'
 * ```
 */
export async function readBootId(reader: ProcReader = defaultProcReader): Promise<string> {
  try {
    return await reader.readBootId();
  } catch (error) {
    throw new ProcUnavailableError('the boot id', error);
  }
}
