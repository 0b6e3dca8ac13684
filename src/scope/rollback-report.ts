/**
 * The outcome of one release during a rollback.
 *
 * @example
 * ```ts
 * { kind: 'file', label: '/tmp/p.txt', status: 'released', durationMs: 0.4 }
 * ```
 */
export interface RollbackEntry {
  /** The resource's kind, e.g. `'file'`. */
  readonly kind: string;
  /** The resource's label (its kind when it had none). */
  readonly label: string;
  /** `released`, or `failed` (threw or rejected), or `timed-out` (cut off at `releaseTimeoutMs`). */
  readonly status: 'released' | 'failed' | 'timed-out';
  /** How long the release ran, in milliseconds. */
  readonly durationMs: number;
  /** Present when `status` is not `'released'`. */
  readonly error?: SerializedError;
}

/**
 * An error flattened to JSON: name, message, and `code` when the error had one.
 *
 * @example
 * ```ts
 * { name: 'Error', message: 'EBUSY: resource busy', code: 'EBUSY' }
 * ```
 */
export interface SerializedError {
  /** The error's `name`, e.g. `'FileSystemError'`. */
  readonly name: string;
  /** The error's message. */
  readonly message: string;
  /** The error's `code`, when it had a string one. */
  readonly code?: string;
}

/**
 * What `scope.rollback()` returns: one entry per released resource, in release order. It is plain
 * JSON, so it can be logged or written to a file as is.
 *
 * @example
 * ```ts
 * const report = await scope.rollback('deploy failed');
 * if (!report.ok) console.error(JSON.stringify(report, null, 2));
 * ```
 */
export interface RollbackReport {
  /** The scope's name. */
  readonly scope: string;
  /** Why the scope rolled back: the message of the error given to `rollback`, or its string. */
  readonly reason: string;
  /** True when every release succeeded. */
  readonly ok: boolean;
  /** How long the whole rollback took, in milliseconds. */
  readonly durationMs: number;
  /** One entry per release, in the order they ran (newest resource first). */
  readonly entries: readonly RollbackEntry[];
}

/** Flattens any thrown value into a {@link SerializedError}. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string'
      ? { name: error.name, message: error.message, code }
      : { name: error.name, message: error.message };
  }
  return { name: 'NonError', message: String(error) };
}

/** The raw errors behind each report's failed entries, which the JSON report cannot carry. */
const releaseErrors = new WeakMap<RollbackReport, readonly unknown[]>();

/** Assembles the report of a finished rollback and remembers its raw errors. */
export function buildReport(
  scope: string,
  reason: unknown,
  outcome: { readonly entries: RollbackEntry[]; readonly failures: readonly unknown[] },
  durationMs: number,
): RollbackReport {
  const described = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
  const ok = outcome.entries.every((entry) => entry.status === 'released');
  const report = { scope, reason: described, ok, durationMs, entries: outcome.entries };
  releaseErrors.set(report, outcome.failures);
  return report;
}

/** The errors thrown by the failed releases of a report built here, in report order. */
export function releaseErrorsOf(report: RollbackReport): readonly unknown[] {
  return releaseErrors.get(report) ?? [];
}
