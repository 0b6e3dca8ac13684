/** Marks leakproof errors; `Symbol.for` so the check works across realms and duplicate installs. */
const leakproofErrorBrand = Symbol.for('leakproof.error');

/**
 * Options accepted by every leakproof error constructor.
 *
 * @example
 * ```ts
 * throw new LeakproofError('INVALID_OPTION', 'bad', { cause: original });
 * ```
 */
export interface LeakproofErrorOptions {
  /** The underlying error (an `ExecaError`, a `ZodError`, an `ENOENT`…). */
  readonly cause?: unknown;
}

/**
 * Base class of every error leakproof throws. Each carries a literal `code` and, when it wraps a
 * lower-level failure, that failure as `cause`.
 *
 * @example
 * ```ts
 * try {
 *   await using scope = new ResourceScope();
 *   await scope.acquire(promptFile({ path, content }));
 * } catch (error) {
 *   if (isLeakproofError(error) && error.code === 'FILE_EXISTS') console.log('already there');
 * }
 * ```
 */
export class LeakproofError<Code extends string = string> extends Error {
  /** A stable machine-readable identifier, e.g. `'FILE_EXISTS'`. */
  readonly code: Code;

  constructor(code: Code, message: string, options: LeakproofErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.code = code;
    brandLeakproofError(this);
  }
}
LeakproofError.prototype.name = 'LeakproofError';
// `instanceof LeakproofError` uses the cross-realm brand; subclasses keep the prototype check.
Object.defineProperty(LeakproofError, Symbol.hasInstance, {
  value: function hasInstance(this: unknown, value: unknown): boolean {
    if (this === LeakproofError) return isLeakproofError(value);
    return Function.prototype[Symbol.hasInstance].call(this, value);
  },
});

/**
 * Brands an error object as a leakproof error, for error classes that must extend another
 * built-in (such as `RollbackError`, an `AggregateError`).
 *
 * @internal
 */
export function brandLeakproofError(error: object): void {
  Object.defineProperty(error, leakproofErrorBrand, { value: true });
}

/**
 * Tells whether `value` is an error thrown by leakproof, across realms and duplicate copies of the
 * package, and narrows its type so `code` can be switched on.
 *
 * @example
 * ```ts
 * if (isLeakproofError(error)) console.error(error.code, error.message);
 * ```
 */
export function isLeakproofError(value: unknown): value is LeakproofError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[leakproofErrorBrand] === true
  );
}
