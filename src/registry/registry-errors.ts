import { LeakproofError } from '../errors/leakproof-error.js';
import { describeIssues, type RegistryIssue } from './registry-corrupt-error.js';

/**
 * An updater returned a document the schema rejects (or one with a `__proto__`/`constructor`
 * key). Only that update fails; the others of its group commit are written.
 *
 * @example
 * ```ts
 * await store.update((r) => ({ ...r, active_count: -1 })); // throws RegistryInvalidDocumentError
 * ```
 */
export class RegistryInvalidDocumentError extends LeakproofError<'REGISTRY_INVALID_DOCUMENT'> {
  /** The registry file the update was for. */
  readonly path: string;
  /** What the schema rejected. */
  readonly issues: readonly RegistryIssue[];

  constructor(path: string, issues: readonly RegistryIssue[], options: { cause?: unknown } = {}) {
    super(
      'REGISTRY_INVALID_DOCUMENT',
      `Update of registry ${path} produced an invalid document: ${describeIssues(issues)}`,
      options,
    );
    this.path = path;
    this.issues = issues.slice(0, 20);
  }
}
RegistryInvalidDocumentError.prototype.name = 'RegistryInvalidDocumentError';

/**
 * The inter-process lock of a registry could not be taken within `lockWaitMs`.
 *
 * @example
 * ```ts
 * new RegistryStore({ path, schema, initial, lockWaitMs: 5_000 }); // gives up after 5 s
 * ```
 */
export class RegistryLockTimeoutError extends LeakproofError<'REGISTRY_LOCK_TIMEOUT'> {
  constructor(path: string, waitedMs: number, options: { cause?: unknown } = {}) {
    super(
      'REGISTRY_LOCK_TIMEOUT',
      `Timed out after ${Math.round(waitedMs)} ms waiting for the lock of registry ${path}`,
      options,
    );
  }
}
RegistryLockTimeoutError.prototype.name = 'RegistryLockTimeoutError';

/**
 * The lock was lost while held (its directory vanished or changed, or this process was paused
 * so long that another may have taken it over): the write was refused, nothing was written.
 *
 * @example
 * ```ts
 * if (error instanceof RegistryLockCompromisedError) await store.update(fn); // safe to retry
 * ```
 */
export class RegistryLockCompromisedError extends LeakproofError<'REGISTRY_LOCK_COMPROMISED'> {
  constructor(path: string, why: string, options: { cause?: unknown } = {}) {
    super(
      'REGISTRY_LOCK_COMPROMISED',
      `Refused to write registry ${path}: the lock is no longer safely held (${why})`,
      options,
    );
  }
}
RegistryLockCompromisedError.prototype.name = 'RegistryLockCompromisedError';

/**
 * A filesystem operation on a registry failed (permissions, disk full, lock directory errors).
 *
 * @example
 * ```ts
 * if (error instanceof RegistryIoError) console.error(error.path, error.cause);
 * ```
 */
export class RegistryIoError extends LeakproofError<'REGISTRY_IO'> {
  /** The registry file concerned. */
  readonly path: string;

  constructor(path: string, action: string, cause: unknown) {
    super('REGISTRY_IO', `Could not ${action} registry ${path}: ${messageOf(cause)}`, { cause });
    this.path = path;
  }
}
RegistryIoError.prototype.name = 'RegistryIoError';

/**
 * An update's `signal` aborted before the update was applied; it was not written.
 *
 * @example
 * ```ts
 * await store.update(fn, { signal: AbortSignal.timeout(1_000) });
 * ```
 */
export class RegistryUpdateAbortedError extends LeakproofError<'REGISTRY_UPDATE_ABORTED'> {
  constructor(path: string, reason: unknown) {
    super('REGISTRY_UPDATE_ABORTED', `Update of registry ${path} was aborted before it applied`, {
      cause: reason,
    });
  }
}
RegistryUpdateAbortedError.prototype.name = 'RegistryUpdateAbortedError';

/**
 * `quarantine()` was asked to move a registry that is valid; it stays where it is.
 *
 * @example
 * ```ts
 * await store.quarantine(); // throws RegistryNotCorruptError when the file parses
 * ```
 */
export class RegistryNotCorruptError extends LeakproofError<'REGISTRY_NOT_CORRUPT'> {
  constructor(path: string) {
    super('REGISTRY_NOT_CORRUPT', `Refused to quarantine registry ${path}: it is valid`);
  }
}
RegistryNotCorruptError.prototype.name = 'RegistryNotCorruptError';

/**
 * A named operation given to `store.run()` failed alone: its arguments were invalid, or it threw
 * (possibly in the process that applied it for this one, whose error arrives as text). The other
 * operations of the same commit are written.
 *
 * @example
 * ```ts
 * await store.run(closeTicket, { id: 42 }); // throws RegistryOperationError: ticket 42 is not open
 * ```
 */
export class RegistryOperationError extends LeakproofError<'REGISTRY_OPERATION_FAILED'> {
  /** The registry file the operation was for. */
  readonly path: string;
  /** The operation's name. */
  readonly operation: string;
  /** What went wrong, as one line. */
  readonly reason: string;

  constructor(path: string, operation: string, reason: string, options: { cause?: unknown } = {}) {
    super(
      'REGISTRY_OPERATION_FAILED',
      `Operation "${operation}" on registry ${path} failed: ${reason}`,
      options,
    );
    this.path = path;
    this.operation = operation;
    this.reason = reason;
  }
}
RegistryOperationError.prototype.name = 'RegistryOperationError';

/** The message of an unknown thrown value. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
