import { LeakproofError } from '../errors/leakproof-error.js';

/**
 * A journal record could not be written, so the side effect it announces was not attempted
 * (for an intent) or may be released again by recovery (for a later record).
 *
 * @example
 * ```ts
 * if (isLeakproofError(error) && error.code === 'JOURNAL_WRITE') alertDiskFull(error.cause);
 * ```
 */
export class JournalWriteError extends LeakproofError<'JOURNAL_WRITE'> {
  constructor(file: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('JOURNAL_WRITE', `Could not write journal ${file}: ${reason}`, { cause });
  }
}
JournalWriteError.prototype.name = 'JournalWriteError';
