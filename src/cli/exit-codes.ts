/** Exit statuses of the `leakproof` command; documented in `--help` and the README. */
export const ExitCode = {
  /** Done; nothing left to do. */
  ok: 0,
  /** Done, but something could not be finished (an incomplete or corrupt journal, …). */
  incomplete: 1,
  /** Bad command line: unknown command or flag, missing value. */
  usage: 2,
  /** An unexpected error (a typed LeakproofError is printed with its code). */
  failure: 3,
} as const;
