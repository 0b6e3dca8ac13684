import { LeakproofError } from '../errors/leakproof-error.js';

/**
 * Why a registry file could not be used. `invalid-json` covers truncated and non-UTF-8 files.
 *
 * @example
 * ```ts
 * if (error instanceof RegistryCorruptError && error.reason === 'too-large') alert(error.path);
 * ```
 */
export type RegistryCorruptReason =
  | 'empty'
  | 'invalid-json'
  | 'forbidden-key'
  | 'schema'
  | 'too-large'
  | 'not-a-file';

/**
 * One thing wrong with a registry document, at a JSON path (`['agents', 3, 'status']`).
 *
 * @example
 * ```ts
 * const issue: RegistryIssue = { path: ['agents', 0, 'id'], message: 'expected string' };
 * ```
 */
export interface RegistryIssue {
  /** Where in the document, as object keys and array indexes; empty for the whole file. */
  readonly path: readonly (string | number)[];
  /** What is wrong there. */
  readonly message: string;
}

/**
 * A registry file exists but cannot be used: invalid or truncated JSON, an empty file, a
 * `__proto__`/`constructor` key, a schema mismatch, a file over the size cap, or a symlink or
 * directory in its place. The file is left byte-for-byte untouched and is never treated as an
 * empty registry; move it aside explicitly with `store.quarantine()`.
 *
 * @example
 * ```ts
 * try {
 *   await store.read();
 * } catch (error) {
 *   if (error instanceof RegistryCorruptError) console.error(error.path, error.issues);
 * }
 * ```
 */
export class RegistryCorruptError extends LeakproofError<'REGISTRY_CORRUPT'> {
  /** The absolute path of the registry file. */
  readonly path: string;
  /** The kind of corruption. */
  readonly reason: RegistryCorruptReason;
  /** What is wrong and where (at most 20 issues). */
  readonly issues: readonly RegistryIssue[];

  constructor(
    path: string,
    reason: RegistryCorruptReason,
    issues: readonly RegistryIssue[],
    options: { cause?: unknown } = {},
  ) {
    const shown = issues.slice(0, 20);
    super(
      'REGISTRY_CORRUPT',
      `Registry ${path} is unusable (${reason}): ${describeIssues(shown)}`,
      options,
    );
    this.path = path;
    this.reason = reason;
    this.issues = shown;
  }
}
RegistryCorruptError.prototype.name = 'RegistryCorruptError';

/** Renders issues as `agents.0.id: expected string; ...`, at most five of them. */
export function describeIssues(issues: readonly RegistryIssue[]): string {
  const lines = issues
    .slice(0, 5)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ` : '') + issue.message);
  const more = issues.length > 5 ? `; and ${issues.length - 5} more` : '';
  return `${lines.join('; ')}${more}`;
}
