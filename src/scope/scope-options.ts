import { InvalidOptionError } from '../errors/invalid-option-error.js';
import {
  expectFunction,
  expectNonEmptyString,
  expectNonNegativeInteger,
  expectOptionsObject,
} from '../internal/expect.js';
import { FileJournal } from '../journal/file-journal.js';
import type { Resource } from './resource.js';
import type { ScopeEventListener } from './scope-events.js';

/**
 * The lifecycle of a scope: `open` until `commit()` (→ `committed`) or `rollback()`/disposal
 * (→ `rolling-back` → `rolled-back`).
 *
 * @example
 * ```ts
 * if (scope.state === 'open') await scope.commit();
 * ```
 */
export type ScopeState = 'open' | 'committed' | 'rolling-back' | 'rolled-back';

/**
 * Options of {@link ResourceScope}.
 *
 * @example
 * ```ts
 * await using scope = new ResourceScope({ name: 'deploy a1', releaseTimeoutMs: 5_000 });
 * ```
 */
export interface ResourceScopeOptions {
  /** Shown in reports, events and errors. @defaultValue `'scope'` */
  readonly name?: string;
  /** How long one release may run before it is reported `timed-out`. @defaultValue `10_000` */
  readonly releaseTimeoutMs?: number;
  /** Aborting it cancels in-flight acquires and rolls the scope back. */
  readonly signal?: AbortSignal;
  /** Observes acquire, release, commit and rollback events. */
  readonly onEvent?: ScopeEventListener;
  /**
   * Journals every resource with an `intent` before acquiring it, so `recover()` can release it
   * after a crash of this process.
   */
  readonly journal?: FileJournal;
}

/** Validated options with defaults filled in. */
export interface ParsedScopeOptions {
  readonly name: string;
  readonly releaseTimeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly onEvent: ScopeEventListener | undefined;
  readonly journal: FileJournal | undefined;
}

const DEFAULT_RELEASE_TIMEOUT_MS = 10_000;

export function parseScopeOptions(options: ResourceScopeOptions | undefined): ParsedScopeOptions {
  const opts = expectOptionsObject('options', options);
  if (opts.signal !== undefined && !(opts.signal instanceof AbortSignal)) {
    throw new InvalidOptionError('signal', 'an AbortSignal', opts.signal);
  }
  if (opts.journal !== undefined && !(opts.journal instanceof FileJournal)) {
    throw new InvalidOptionError('journal', 'a FileJournal', opts.journal);
  }
  return {
    name: opts.name === undefined ? 'scope' : expectNonEmptyString('name', opts.name),
    releaseTimeoutMs:
      opts.releaseTimeoutMs === undefined
        ? DEFAULT_RELEASE_TIMEOUT_MS
        : expectNonNegativeInteger('releaseTimeoutMs', opts.releaseTimeoutMs),
    signal: opts.signal,
    journal: opts.journal,
    onEvent:
      opts.onEvent === undefined
        ? undefined
        : expectFunction<ScopeEventListener>('onEvent', opts.onEvent),
  };
}

export function assertResource(resource: unknown): asserts resource is Resource<unknown> {
  const r = resource as Partial<Resource<unknown>> | null;
  const valid =
    typeof r === 'object' &&
    r !== null &&
    typeof r.kind === 'string' &&
    r.kind.length > 0 &&
    typeof r.acquire === 'function' &&
    typeof r.release === 'function';
  if (!valid) {
    throw new InvalidOptionError(
      'resource',
      'a Resource with kind, acquire() and release()',
      resource,
    );
  }
}

/** What a child or moved scope inherits: everything but the signal and the journal (shared). */
export function inheritedOptions(parsed: ParsedScopeOptions, name: string): ResourceScopeOptions {
  const { signal: _signal, journal: _journal, ...inherited } = parsed;
  return definedOnly({ ...inherited, name });
}

/** Drops `undefined` values so inherited options satisfy `exactOptionalPropertyTypes`. */
function definedOnly<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}
