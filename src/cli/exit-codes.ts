/** Exit statuses of the `leakproof` command; documented in `--help` and the README. */
export const ExitCode = {
  /** Done; nothing left to do. */
  ok: 0,
  /** Done, but something could not be finished (an incomplete or corrupt journal, a failed action, …). */
  incomplete: 1,
  /** Bad command line: unknown command or flag, missing value. */
  usage: 2,
  /** An unexpected error (a typed LeakproofError is printed with its code). */
  failure: 3,
  /** Another live `leakproof reap` holds the lock of this workspace base. */
  locked: 4,
  /** A second SIGINT/SIGTERM arrived before the current step finished: exited at once. */
  interrupted: 130,
} as const;
