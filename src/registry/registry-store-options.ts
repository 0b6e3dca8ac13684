import { resolve } from 'node:path';
import type { z } from 'zod';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import {
  expectArray,
  expectFunction,
  expectNonEmptyString,
  expectNonNegativeInteger,
  expectOptionsObject,
} from '../internal/expect.js';
import type { RegistryEventListener } from './registry-events.js';
import type { RegistryOperation } from './registry-operation.js';

/** proper-lockfile clamps `stale` to at least this; a shorter value would be silently ignored. */
export const minimumStaleMs = 2_000;

/**
 * Options of {@link RegistryStore}.
 *
 * @typeParam T - The document type, the schema's output.
 * @example
 * ```ts
 * const options: RegistryStoreOptions<TaskRegistry> = {
 *   path: '/work/task/AGENT_REGISTRY.json',
 *   schema: AgentRegistrySchema,
 *   initial: () => emptyAgentRegistry(),
 * };
 * ```
 */
export interface RegistryStoreOptions<T> {
  /** The registry file (made absolute). It must not be a symlink. */
  readonly path: string;
  /** Validates every document read and every document about to be written. */
  readonly schema: z.ZodType<T>;
  /** The document of a registry whose file does not exist yet; written by the first update. */
  readonly initial: () => T;
  /**
   * A lock whose directory was not refreshed for this long belongs to a crashed holder and is
   * taken over. Holders refresh it every `staleMs / 2` and refuse to write once `3/4` of it has
   * passed without a refresh. At least 2000 (proper-lockfile's minimum). @defaultValue `10_000`
   */
  readonly staleMs?: number;
  /** How long an update waits for the lock before failing. @defaultValue `30_000` */
  readonly lockWaitMs?: number;
  /** Files larger than this are corrupt, not parsed. @defaultValue `16 * 1024 * 1024` */
  readonly maxBytes?: number;
  /** Clock for the lease safety check (tests inject one). @defaultValue `Date.now` */
  readonly now?: () => number;
  /** Observes commits, takeovers, sweeps and quarantines. */
  readonly onEvent?: RegistryEventListener;
  /**
   * Named operations this store may apply on behalf of other processes' `run()` calls (each
   * `run()` adds its own too). A process applies another's request only if it knows the
   * operation by name, so give every process of a registry the same list.
   */
  // biome-ignore lint/suspicious/noExplicitAny: operations with different argument types
  readonly operations?: readonly RegistryOperation<T, any>[];
}

/** Options with defaults applied and types checked. */
export interface ParsedRegistryOptions<T> {
  readonly path: string;
  readonly schema: z.ZodType<T>;
  readonly initial: () => T;
  readonly staleMs: number;
  readonly lockWaitMs: number;
  readonly maxBytes: number;
  readonly now: () => number;
  readonly onEvent: RegistryEventListener | undefined;
  readonly operations: readonly RegistryOperation<T, unknown>[];
}

/** @throws {@link InvalidOptionError} naming the first bad option. */
export function parseRegistryOptions<T>(
  options: RegistryStoreOptions<T>,
): ParsedRegistryOptions<T> {
  const given = expectOptionsObject('options', options);
  const schema = given.schema as unknown;
  if (typeof schema !== 'object' || schema === null || !('safeParse' in schema)) {
    throw new InvalidOptionError('schema', 'a zod schema', schema);
  }
  const staleMs = expectNonNegativeInteger('staleMs', given.staleMs ?? 10_000);
  if (staleMs < minimumStaleMs) {
    throw new InvalidOptionError('staleMs', `an integer of at least ${minimumStaleMs}`, staleMs);
  }
  return {
    path: resolve(expectNonEmptyString('path', given.path)),
    schema: given.schema,
    initial: expectFunction<() => T>('initial', given.initial),
    staleMs,
    lockWaitMs: expectNonNegativeInteger('lockWaitMs', given.lockWaitMs ?? 30_000),
    maxBytes: expectNonNegativeInteger('maxBytes', given.maxBytes ?? 16 * 1024 * 1024),
    now: given.now === undefined ? Date.now : expectFunction<() => number>('now', given.now),
    onEvent:
      given.onEvent === undefined
        ? undefined
        : expectFunction<RegistryEventListener>('onEvent', given.onEvent),
    operations: expectArray('operations', given.operations ?? []),
  };
}
