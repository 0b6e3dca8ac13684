import { LeakproofError } from '../errors/leakproof-error.js';
import type { ProcessIdentity } from './process-identity.js';

/**
 * `/proc` could not be read (not Linux, or mounted with `hidepid`), so processes cannot be
 * identified safely and nothing is signalled.
 *
 * @example
 * ```ts
 * try {
 *   await scanProcesses();
 * } catch (error) {
 *   if (error instanceof ProcUnavailableError) console.error('no /proc:', error.cause);
 * }
 * ```
 */
export class ProcUnavailableError extends LeakproofError<'PROC_UNAVAILABLE'> {
  constructor(what: string, cause: unknown) {
    super('PROC_UNAVAILABLE', `Cannot read ${what} from /proc`, { cause });
  }
}
ProcUnavailableError.prototype.name = 'ProcUnavailableError';

/**
 * Some processes were still alive after SIGTERM, the grace period and SIGKILL (for instance a
 * process in uninterruptible sleep, or one we may not signal).
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof ProcessSurvivedError) console.error(error.survivors);
 * }
 * ```
 */
export class ProcessSurvivedError extends LeakproofError<'PROCESS_SURVIVED'> {
  /** The (pid, start time) pairs still alive. */
  readonly survivors: readonly ProcessIdentity[];

  constructor(survivors: readonly ProcessIdentity[], cause?: unknown) {
    const pids = survivors.map((identity) => identity.pid).join(', ');
    super(
      'PROCESS_SURVIVED',
      `${survivors.length} process(es) survived SIGKILL: ${pids}`,
      cause === undefined ? {} : { cause },
    );
    this.survivors = survivors;
  }
}
ProcessSurvivedError.prototype.name = 'ProcessSurvivedError';
