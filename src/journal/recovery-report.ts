import type { RollbackEntry, SerializedError } from '../scope/rollback-report.js';
import type { OwnerIdentity } from './journal-records.js';

/**
 * What `recover()` did with one journal file.
 *
 * - `recovered`: every un-released, un-committed resource was released; the file is gone.
 * - `incomplete`: some releases failed; the file stays for the next `recover()`.
 * - `owner-alive`: the process that wrote it is running; untouched.
 * - `claimed-elsewhere`: another live `recover()` is working on it; untouched.
 * - `corrupt`: it could not be read; untouched.
 *
 * @example
 * ```ts
 * for (const j of report.journals) if (j.status === 'incomplete') alert(j.file, j.entries);
 * ```
 */
export interface JournalRecovery {
  readonly file: string;
  readonly status: 'recovered' | 'incomplete' | 'owner-alive' | 'claimed-elsewhere' | 'corrupt';
  /** The scope's name, when the file could be read. */
  readonly scope?: string;
  /** The process that wrote the file, when it could be read. */
  readonly owner?: OwnerIdentity;
  /** One entry per resource released (or attempted), newest first, as in a rollback report. */
  readonly entries: readonly RollbackEntry[];
  /** Why the file could not be read or claimed. */
  readonly error?: SerializedError;
}

/**
 * What `recover()` returns: one entry per journal file it looked at. JSON-serialisable.
 *
 * @example
 * ```ts
 * const report = await recover({ journal });
 * if (!report.ok) console.error(JSON.stringify(report, null, 2));
 * ```
 */
export interface RecoveryReport {
  /** True when nothing is left to recover for dead owners (no `incomplete` or `corrupt` file). */
  readonly ok: boolean;
  readonly durationMs: number;
  readonly journals: readonly JournalRecovery[];
}
