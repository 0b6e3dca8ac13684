import { readdir, readFile } from 'node:fs/promises';

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
 * The real `/proc` of this machine.
 *
 * @example
 * ```ts
 * const stat = await defaultProcReader.readStat(process.pid);
 * ```
 */
export const defaultProcReader: ProcReader = {
  async listPids() {
    const names = await readdir('/proc');
    return names.filter((name) => /^[1-9]\d*$/.test(name)).map(Number);
  },
  readStat: (pid) => readIfPresent(`/proc/${pid}/stat`, 'utf8'),
  readEnviron: (pid) => readIfPresent(`/proc/${pid}/environ`),
  readBootId: async () => (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim(),
};

async function readIfPresent(path: string): Promise<Buffer | undefined>;
async function readIfPresent(path: string, encoding: 'utf8'): Promise<string | undefined>;
async function readIfPresent(
  path: string,
  encoding?: 'utf8',
): Promise<string | Buffer | undefined> {
  try {
    return encoding ? await readFile(path, encoding) : await readFile(path);
  } catch (error) {
    // A process can exit between readdir and read; another user's environ is EACCES.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH' || code === 'EACCES' || code === 'EPERM') {
      return undefined;
    }
    throw error;
  }
}
