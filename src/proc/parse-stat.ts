/**
 * The fields of `/proc/<pid>/stat` leakproof uses.
 *
 * @example
 * ```ts
 * const { ppid, startTime } = parseStat(text) as ProcStat;
 * ```
 */
export interface ProcStat {
  readonly pid: number;
  /** One-letter state: `R`, `S`, `D`, `Z` (zombie), `X` (dead), … */
  readonly state: string;
  readonly ppid: number;
  /** Clock ticks since boot when the process started (field 22): with the pid, its identity. */
  readonly startTime: number;
  /** A zombie's wait status as `waitpid` would report it (field 52, Linux ≥ 3.5), else 0. */
  readonly waitStatus: number;
}

/**
 * Parses `/proc/<pid>/stat`. The command name (field 2) may contain spaces and parentheses, so
 * the fixed fields are read after the **last** `)`. Returns `undefined` for malformed text.
 *
 * @example
 * ```ts
 * parseStat('42 (my (odd) name) S 7 …'); // { pid: 42, state: 'S', ppid: 7, … }
 * ```
 */
export function parseStat(text: string): ProcStat | undefined {
  const open = text.indexOf(' (');
  const close = text.lastIndexOf(')');
  if (open <= 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open));
  // After ")": field 3 (state) is index 0, so field N is index N - 3.
  const fields = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const state = fields[0];
  const ppid = Number(fields[1]);
  const startTime = Number(fields[19]);
  if (!Number.isSafeInteger(pid) || state === undefined || !/^[A-Za-z]$/.test(state)) {
    return undefined;
  }
  if (!Number.isSafeInteger(ppid) || !Number.isSafeInteger(startTime)) return undefined;
  // Field 52 is absent on old kernels: treat it as "no status".
  const waitStatus = Number(fields[49] ?? 0);
  return {
    pid,
    state,
    ppid,
    startTime,
    waitStatus: Number.isSafeInteger(waitStatus) ? waitStatus : 0,
  };
}

/**
 * Whether a process in `state` is finished (a zombie only waits to be reaped).
 *
 * @example
 * ```ts
 * isFinishedState('Z'); // true
 * ```
 */
export function isFinishedState(state: string): boolean {
  return state === 'Z' || state === 'X' || state === 'x';
}
