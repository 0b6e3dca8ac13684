import { isChildSlot, type StackItem } from './release-stack.js';

/** The journal sequence numbers of the resources among `items` (open child scopes excluded). */
export function journalSeqsOf(items: readonly StackItem[]): number[] {
  const seqs: number[] = [];
  for (const item of items) {
    if (!isChildSlot(item) && item.journalSeq !== undefined) seqs.push(item.journalSeq);
  }
  return seqs;
}

/**
 * Reports a journal record that could not be written after the fact (a release, a detach). The
 * resource itself is fine; at worst recovery later repeats an idempotent release.
 */
export function warnJournal(scope: string, error: unknown): void {
  process.emitWarning(
    `leakproof: scope "${scope}" could not update its journal: ${error instanceof Error ? error.message : String(error)}`,
    { code: 'LEAKPROOF_JOURNAL' },
  );
}
