import { InvalidOptionError } from '../errors/invalid-option-error.js';

/** Returns a bound `[Symbol.asyncDispose]` (preferred) or `[Symbol.dispose]` of `value`. */
export function disposerOf(value: AsyncDisposable | Disposable): () => unknown {
  const dispose =
    (value as Partial<AsyncDisposable>)[Symbol.asyncDispose] ??
    (value as Partial<Disposable>)[Symbol.dispose];
  if (typeof dispose !== 'function') {
    throw new InvalidOptionError('value', 'an AsyncDisposable or Disposable', value);
  }
  return () => dispose.call(value);
}
