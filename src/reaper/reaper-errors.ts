import { LeakproofError } from '../errors/leakproof-error.js';

/**
 * The reaper configuration is invalid; the message names every issue, the `cause` is the
 * `ZodError` (or the option error).
 *
 * @example
 * ```ts
 * new Reaper({ root: 'relative' }); // ReaperConfigError
 * ```
 */
export class ReaperConfigError extends LeakproofError<'INVALID_REAPER_CONFIG'> {
  constructor(message: string, cause: unknown) {
    super('INVALID_REAPER_CONFIG', `Invalid reaper configuration: ${message}`, { cause });
  }
}
ReaperConfigError.prototype.name = 'ReaperConfigError';

/**
 * Another live reaper holds the instance lock of this workspace base.
 *
 * @example
 * ```ts
 * if (isLeakproofError(error) && error.code === 'REAPER_LOCKED') process.exitCode = 4;
 * ```
 */
export class ReaperLockedError extends LeakproofError<'REAPER_LOCKED'> {
  /** The holder's pid. */
  readonly holderPid: number;

  constructor(lockFile: string, holderPid: number) {
    super('REAPER_LOCKED', `Another reaper (pid ${holderPid}) holds ${lockFile}`);
    this.holderPid = holderPid;
  }
}
ReaperLockedError.prototype.name = 'ReaperLockedError';

/**
 * An iteration failed as a whole (tmux hung or printed garbage, /proc unreadable, the iteration
 * timed out); nothing was acted on. The original failure is the `cause`.
 *
 * @example
 * ```ts
 * const report = await reaper.reapOnce(); // report.error?.code === 'REAPER_ITERATION_FAILED'
 * ```
 */
export class ReaperIterationError extends LeakproofError<'REAPER_ITERATION_FAILED'> {
  constructor(message: string, cause: unknown) {
    super('REAPER_ITERATION_FAILED', message, { cause });
  }
}
ReaperIterationError.prototype.name = 'ReaperIterationError';

/**
 * A file the reaper writes (state, heartbeat, metrics, lock) could not be written, or its
 * directory is a symlink.
 *
 * @example
 * ```ts
 * if (isLeakproofError(error) && error.code === 'REAPER_IO') console.error(error.cause);
 * ```
 */
export class ReaperIoError extends LeakproofError<'REAPER_IO'> {
  constructor(message: string, cause?: unknown) {
    super('REAPER_IO', message, cause === undefined ? {} : { cause });
  }
}
ReaperIoError.prototype.name = 'ReaperIoError';
