import { isFinishedState, parseStat } from './parse-stat.js';
import { ProcUnavailableError } from './proc-errors.js';
import { defaultProcReader, type ProcReader } from './proc-reader.js';
import type { ProcessIdentity } from './process-identity.js';

/**
 * One live process as seen by a single `/proc` scan.
 *
 * @example
 * ```ts
 * const entry = table.get(pid); // { pid, startTime, ppid, state, marker }
 * ```
 */
export interface ProcessEntry extends ProcessIdentity {
  readonly ppid: number;
  readonly state: string;
  /** The value of the marker variable in its environment, when asked for and present. */
  readonly marker: string | undefined;
}

/**
 * Options of {@link scanProcesses}.
 *
 * @example
 * ```ts
 * await scanProcesses({ markerName: 'LEAKPROOF_SESSION' });
 * ```
 */
export interface ScanOptions {
  /** Also read each process's environment for this variable (costs one more read per pid). */
  readonly markerName?: string;
  /** Where `/proc` is read from. @defaultValue the real `/proc` */
  readonly reader?: ProcReader;
}

/**
 * The live (non-zombie) processes from one `/proc` scan, keyed by pid.
 *
 * @example
 * ```ts
 * const table = await scanProcesses({ markerName: 'LEAKPROOF_SESSION' });
 * ```
 */
export type ProcessTable = ReadonlyMap<number, ProcessEntry>;

/**
 * Reads every process once: stat (ppid, state, start time) and, with `markerName`, the marker
 * from its environment. Zombies and processes that exit mid-scan are left out.
 *
 * @throws {@link ProcUnavailableError} when `/proc` cannot be listed.
 * @example
 * ```ts
 * const table = await scanProcesses({ markerName: 'LEAKPROOF_SESSION' });
 * const mine = [...table.values()].filter((p) => p.marker === uuid);
 * ```
 */
export async function scanProcesses(options: ScanOptions = {}): Promise<ProcessTable> {
  const reader = options.reader ?? defaultProcReader;
  let pids: number[];
  try {
    pids = await reader.listPids();
  } catch (error) {
    throw new ProcUnavailableError('the process list', error);
  }
  const entries = await Promise.all(pids.map((pid) => readEntry(pid, reader, options.markerName)));
  const table = new Map<number, ProcessEntry>();
  for (const entry of entries) if (entry) table.set(entry.pid, entry);
  return table;
}

async function readEntry(
  pid: number,
  reader: ProcReader,
  markerName: string | undefined,
): Promise<ProcessEntry | undefined> {
  const text = await reader.readStat(pid);
  const stat = text === undefined ? undefined : parseStat(text);
  if (stat === undefined || stat.pid !== pid || isFinishedState(stat.state)) return undefined;
  const marker =
    markerName === undefined ? undefined : markerOf(await reader.readEnviron(pid), markerName);
  return { pid, startTime: stat.startTime, ppid: stat.ppid, state: stat.state, marker };
}

/** Finds `NAME=value` in a NUL-separated environ block. */
function markerOf(environ: Buffer | undefined, name: string): string | undefined {
  if (environ === undefined) return undefined;
  const prefix = `${name}=`;
  for (const pair of environ.toString('utf8').split('\0')) {
    if (pair.startsWith(prefix)) return pair.slice(prefix.length);
  }
  return undefined;
}
