import { LeakproofError } from '../errors/leakproof-error.js';

/**
 * Something already exists where a resource would create a file; it was left untouched.
 *
 * @example
 * ```ts
 * await scope.acquire(promptFile({ path, content })); // path exists → FileExistsError
 * ```
 */
export class FileExistsError extends LeakproofError<'FILE_EXISTS'> {
  /** The path that was already taken. */
  readonly path: string;

  constructor(path: string, detail = 'already exists') {
    super('FILE_EXISTS', `Refusing to touch ${path}: it ${detail}`);
    this.path = path;
  }
}
FileExistsError.prototype.name = 'FileExistsError';

/**
 * A symbolic link sits where a resource expected a file or directory; leakproof never follows
 * one, and left it untouched.
 *
 * @example
 * ```ts
 * await scope.acquire(directory({ path: linkToElsewhere })); // SymlinkRefusedError
 * ```
 */
export class SymlinkRefusedError extends LeakproofError<'SYMLINK_REFUSED'> {
  /** The path that is a symbolic link. */
  readonly path: string;

  constructor(path: string) {
    super('SYMLINK_REFUSED', `Refusing to follow the symbolic link at ${path}`);
    this.path = path;
  }
}
SymlinkRefusedError.prototype.name = 'SymlinkRefusedError';

/**
 * A file-system call made by a resource failed for a reason other than the ones above
 * (`EACCES`, `ENOSPC`, a missing parent directory…). The original error is the `cause`.
 *
 * @example
 * ```ts
 * if (isLeakproofError(error) && error.code === 'FS_ERROR') console.error(error.cause);
 * ```
 */
export class FileSystemError extends LeakproofError<'FS_ERROR'> {
  /** The path the failing call was about. */
  readonly path: string;

  constructor(action: string, path: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('FS_ERROR', `Could not ${action} ${path}: ${reason}`, { cause });
    this.path = path;
  }
}
FileSystemError.prototype.name = 'FileSystemError';
