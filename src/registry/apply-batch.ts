import type { z } from 'zod';
import { checkDocument } from './document-checks.js';
import type { PendingUpdate } from './pending-update.js';
import { RegistryInvalidDocumentError } from './registry-errors.js';

/** The outcome of applying a batch: the document to write and the updates it contains. */
export interface AppliedBatch<T> {
  readonly next: T;
  readonly applied: PendingUpdate<T>[];
}

/**
 * Applies the updates of one group commit in call order, each to a private copy of the result so
 * far. An updater that throws or returns an invalid document is rejected at once and leaves the
 * document as it was; the others still apply. Nothing is resolved here: the caller resolves
 * `applied` once the write succeeded.
 */
export async function applyBatch<T>(
  path: string,
  schema: z.ZodType<T>,
  base: T,
  batch: readonly PendingUpdate<T>[],
): Promise<AppliedBatch<T>> {
  let next = base;
  const applied: PendingUpdate<T>[] = [];
  for (const update of batch) {
    if (!update.claim()) continue;
    try {
      const candidate = await update.updater(structuredClone(next));
      const checked = checkDocument(schema, candidate);
      if (!checked.ok) {
        const issues =
          candidate === undefined
            ? [{ path: [], message: 'the updater returned undefined; return the new document' }]
            : checked.issues;
        throw new RegistryInvalidDocumentError(path, issues, { cause: checked.cause });
      }
      next = checked.value;
      applied.push(update);
    } catch (error) {
      update.reject(error);
    }
  }
  return { next, applied };
}
