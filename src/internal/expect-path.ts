import { isAbsolute, normalize } from 'node:path';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { expectNonEmptyString } from './expect.js';

/** Throws unless `value` is an absolute, normalised path (no `..`, no `//`, no trailing `/`). */
export function expectAbsolutePath(name: string, value: unknown): string {
  const path = expectNonEmptyString(name, value);
  const canonical = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  if (!isAbsolute(path) || normalize(canonical) !== canonical) {
    throw new InvalidOptionError(name, 'an absolute, normalised path', value);
  }
  return canonical;
}
