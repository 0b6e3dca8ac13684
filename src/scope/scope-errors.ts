import { brandLeakproofError, LeakproofError } from '../errors/leakproof-error.js';
import { type RollbackReport, releaseErrorsOf } from './rollback-report.js';

/**
 * A scope that is no longer open was asked to acquire, adopt, defer or commit.
 *
 * @example
 * ```ts
 * await scope.commit();
 * await scope.acquire(res); // throws ScopeClosedError (state 'committed')
 * ```
 */
export class ScopeClosedError extends LeakproofError<'SCOPE_CLOSED'> {
  constructor(scopeName: string, state: string, action: string) {
    super('SCOPE_CLOSED', `Cannot ${action}: scope "${scopeName}" is ${state}, not open`);
  }
}
ScopeClosedError.prototype.name = 'ScopeClosedError';

/**
 * A rollback ran every release but at least one failed or timed out. Thrown by `await using`
 * disposal and `ResourceScope.run`; `rollback()` itself returns the report instead of throwing.
 * An `AggregateError` (its `errors` are the release failures) that is also a leakproof error
 * (`isLeakproofError` is true, `code` is `'ROLLBACK_FAILED'`).
 *
 * @example
 * ```ts
 * try {
 *   await ResourceScope.run(deploy);
 * } catch (error) {
 *   if (error instanceof RollbackError) console.error(error.report, error.cause);
 * }
 * ```
 */
export class RollbackError extends AggregateError {
  /** Always `'ROLLBACK_FAILED'`, like a {@link LeakproofError}'s `code`. */
  readonly code = 'ROLLBACK_FAILED' as const;
  /** Every release attempted, in order, with its status. */
  readonly report: RollbackReport;

  constructor(report: RollbackReport, options: { cause?: unknown } = {}) {
    const failed = report.entries.filter((entry) => entry.status !== 'released');
    const summary = failed
      .map((entry) => `${entry.kind} ${entry.label} ${entry.status}`)
      .join('; ');
    super(
      releaseErrorsOf(report),
      `Rollback of scope "${report.scope}" left ${failed.length} resource(s) unreleased: ${summary}`,
      'cause' in options ? { cause: options.cause } : undefined,
    );
    this.report = report;
    brandLeakproofError(this);
  }
}
RollbackError.prototype.name = 'RollbackError';
