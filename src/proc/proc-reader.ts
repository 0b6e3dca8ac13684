import { readdirSync, readFileSync } from 'node:fs';

/**
 * How leakproof reads `/proc`. Injectable so tests can simulate a recycled pid or a vanished
 * process without racing the kernel.
 *
 * @example
 * ```ts
 * const reader: ProcReader = { ...defaultProcReader, readStat: async (pid) => fakeStat(pid) };
 * await terminate(targets, { reader });
 * ```
 */
export interface ProcReader {
  /** Every numeric entry of `/proc`. */
  listPids(): Promise<number[]>;
  /** The text of `/proc/<pid>/stat`, or `undefined` when the process is gone. */
  readStat(pid: number): Promise<string | undefined>;
  /** The raw `/proc/<pid>/environ`, or `undefined` when gone or not readable (another user). */
  readEnviron(pid: number): Promise<Buffer | undefined>;
  /** The text of `/proc/sys/kernel/random/boot_id`. */
  readBootId(): Promise<string>;
}

/**
 * The real `/proc` of this machine. Reads are synchronous on purpose: procfs files are tiny and
 * served from memory, and a scan of a few hundred of them takes ~1 ms this way against ~15 ms
 * through the libuv thread pool.
 *
 * @example
 * ```ts
 * const stat = await defaultProcReader.readStat(process.pid);
 * ```
 */
export const defaultProcReader: ProcReader = {
  listPids: async () =>
    readdirSync('/proc')
      .filter((name) => /^[1-9]\d*$/.test(name))
      .map(Number),
  readStat: async (pid) => readIfPresent(`/proc/${pid}/stat`)?.toString('utf8'),
  readEnviron: async (pid) => readIfPresent(`/proc/${pid}/environ`),
  readBootId: async () => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(),
};

function readIfPresent(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (error) {
    // A process can exit between readdir and read; another user's environ is EACCES.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH' || code === 'EACCES' || code === 'EPERM') {
      return undefined;
    }
    throw error;
  }
}
