import { InvalidOptionError } from '../errors/invalid-option-error.js';

/** Throws unless `value` is a non-negative safe integer. */
export function expectNonNegativeInteger(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidOptionError(name, 'a non-negative integer', value);
  }
  return value;
}

/** Throws unless `value` is a non-empty string without NUL bytes. */
export function expectNonEmptyString(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.includes('\0')) {
    throw new InvalidOptionError(name, 'a non-empty string without NUL bytes', value);
  }
  return value;
}

/** Throws unless `value` is a function. */
export function expectFunction<F extends (...args: never) => unknown>(
  name: string,
  value: unknown,
): F {
  if (typeof value !== 'function') throw new InvalidOptionError(name, 'a function', value);
  return value as F;
}

/** Throws unless `value` is a plain options object (or undefined, which becomes `{}`). */
export function expectOptionsObject<T extends object>(name: string, value: T | undefined): T {
  if (value === undefined) return {} as T;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidOptionError(name, 'an options object', value);
  }
  return value;
}

/** Throws unless `value` is an array. */
export function expectArray<T>(name: string, value: readonly T[]): readonly T[] {
  if (!Array.isArray(value)) throw new InvalidOptionError(name, 'an array', value);
  return value;
}
