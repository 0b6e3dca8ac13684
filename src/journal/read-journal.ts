import { readFile } from 'node:fs/promises';
import { LeakproofError } from '../errors/leakproof-error.js';
import {
  type JournalledResource,
  type JournalRecord,
  JournalRecordSchema,
  type OwnerIdentity,
} from './journal-records.js';

/**
 * A journal file could not be understood (a record in the middle is not valid). Recovery leaves
 * such a file untouched and reports it.
 *
 * @example
 * ```ts
 * if (isLeakproofError(error) && error.code === 'JOURNAL_CORRUPT') alert(error.message);
 * ```
 */
export class JournalCorruptError extends LeakproofError<'JOURNAL_CORRUPT'> {
  constructor(file: string, detail: string, cause?: unknown) {
    super('JOURNAL_CORRUPT', `Journal ${file} is corrupt: ${detail}`, { cause });
  }
}
JournalCorruptError.prototype.name = 'JournalCorruptError';

/** A journal file folded into what recovery needs. */
export interface JournalState {
  readonly scope: string;
  readonly owner: OwnerIdentity;
  readonly resources: readonly JournalledResource[];
}

/**
 * Reads and folds one journal file. The last line may be torn (the writer was killed mid-write)
 * and is ignored; any other invalid line makes the whole file corrupt.
 */
export async function readJournal(file: string): Promise<JournalState> {
  const text = await readFile(file, 'utf8');
  const lines = text.split('\n');
  const records: JournalRecord[] = [];
  for (const [index, line] of lines.entries()) {
    if (line === '') continue;
    const record = parseLine(line);
    // Only a final line without its newline can be torn; every complete line must be valid.
    const torn = index === lines.length - 1;
    if (record) records.push(record);
    else if (!torn) {
      throw new JournalCorruptError(file, `line ${index + 1} is not a valid record`);
    }
  }
  return foldRecords(file, records);
}

function parseLine(line: string): JournalRecord | undefined {
  try {
    const parsed = JournalRecordSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function foldRecords(file: string, records: readonly JournalRecord[]): JournalState {
  const [open] = records;
  if (open?.t !== 'open')
    throw new JournalCorruptError(file, 'it does not start with an open record');
  const bySeq = new Map<number, JournalledResource>();
  const at = (seq: number): JournalledResource => {
    const known = bySeq.get(seq);
    if (!known) throw new JournalCorruptError(file, `record for unknown resource #${seq}`);
    return known;
  };
  for (const record of records.slice(1)) {
    switch (record.t) {
      case 'intent':
        bySeq.set(record.seq, { ...record, acquired: undefined, state: 'pending' });
        break;
      case 'update':
        bySeq.set(record.seq, { ...at(record.seq), intent: record.intent });
        break;
      case 'acquired':
        bySeq.set(record.seq, { ...at(record.seq), acquired: record.acquired, state: 'acquired' });
        break;
      case 'released':
        bySeq.set(record.seq, { ...at(record.seq), state: 'released' });
        break;
      case 'committed':
        for (const seq of record.seqs) bySeq.set(seq, { ...at(seq), state: 'kept' });
        break;
      case 'open':
        throw new JournalCorruptError(file, 'a second open record');
    }
  }
  return { scope: open.scope, owner: open.owner, resources: [...bySeq.values()] };
}
