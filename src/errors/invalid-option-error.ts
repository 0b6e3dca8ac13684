import { LeakproofError } from './leakproof-error.js';

/**
 * An option or argument did not have the expected shape. Nothing was changed.
 *
 * @example
 * ```ts
 * new ResourceScope({ releaseTimeoutMs: -1 });
 * // InvalidOptionError: Expected `releaseTimeoutMs` to be a non-negative integer, got `-1` (number)
 * ```
 */
export class InvalidOptionError extends LeakproofError<'INVALID_OPTION'> {
  /** The name of the offending option, e.g. `releaseTimeoutMs`. */
  readonly option: string;

  constructor(option: string, expected: string, received: unknown) {
    super(
      'INVALID_OPTION',
      `Expected \`${option}\` to be ${expected}, got ${describeValue(received)}`,
    );
    this.option = option;
  }
}
InvalidOptionError.prototype.name = 'InvalidOptionError';

/** Renders a value the way a human reads it in an error: `` `-1` (number) ``. */
function describeValue(value: unknown): string {
  if (value === null) return '`null`';
  if (value === undefined) return '`undefined`';
  const type = Array.isArray(value) ? 'array' : typeof value;
  let shown: string;
  try {
    shown =
      typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value) ?? value);
  } catch {
    shown = Object.prototype.toString.call(value);
  }
  const clipped = shown.length > 80 ? `${shown.slice(0, 77)}...` : shown;
  return `\`${clipped}\` (${type})`;
}
