import type { z } from 'zod';
import { checkDocument } from './document-checks.js';
import type { Updater } from './pending-update.js';
import { RegistryInvalidDocumentError } from './registry-errors.js';

/** The outcome of applying a batch: the document to write and, per updater, why it failed. */
export interface AppliedBatch<T> {
  readonly next: T;
  /** `undefined` for each updater that applied. */
  readonly errors: unknown[];
}

/**
 * Applies the updaters of one group commit in order, each to a private copy of the result so
 * far. An updater that throws or returns an invalid document leaves the document as it was and
 * fails alone; the others still apply. Nothing is settled here: the caller reports outcomes once
 * the write succeeded.
 */
export async function applyBatch<T>(
  path: string,
  schema: z.ZodType<T>,
  base: T,
  updaters: readonly Updater<T>[],
): Promise<AppliedBatch<T>> {
  let next = base;
  const errors: unknown[] = [];
  for (const updater of updaters) {
    try {
      const candidate = await updater(structuredClone(next));
      const checked = checkDocument(schema, candidate);
      if (!checked.ok) {
        const issues =
          candidate === undefined
            ? [{ path: [], message: 'the updater returned undefined; return the new document' }]
            : checked.issues;
        throw new RegistryInvalidDocumentError(path, issues, { cause: checked.cause });
      }
      next = checked.value;
      errors.push(undefined);
    } catch (error) {
      errors.push(error);
    }
  }
  return { next, errors };
}
