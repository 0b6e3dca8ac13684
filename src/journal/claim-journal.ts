import { rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errorCode } from '../internal/fs-identity.js';
import { JOURNAL_SUFFIX } from './file-journal.js';
import type { OwnerIdentity } from './journal-records.js';

const CLAIM_MARK = '.recovering-';

/** The journal file's own name (`<id>.journal`), whether or not it is claimed now. */
export function unclaimedName(file: string): string {
  const name = basename(file);
  const at = name.indexOf(JOURNAL_SUFFIX);
  return join(dirname(file), name.slice(0, at + JOURNAL_SUFFIX.length));
}

/** Who is recovering a claimed journal file, read from its name; `undefined` when unclaimed. */
export function claimantOf(file: string): Pick<OwnerIdentity, 'pid' | 'startTime'> | undefined {
  const match = /\.recovering-(\d+)-(\d+)$/.exec(basename(file));
  return match ? { pid: Number(match[1]), startTime: Number(match[2]) } : undefined;
}

/**
 * Claims a journal file for recovery by renaming it to a name carrying our identity. rename() is
 * atomic, so of two recoverers only one finds the file; the other gets `undefined` and moves on.
 * A claim whose claimant died is claimed again the same way.
 */
export async function claimJournal(file: string, me: OwnerIdentity): Promise<string | undefined> {
  const claimed = `${unclaimedName(file)}${CLAIM_MARK}${me.pid}-${me.startTime}`;
  try {
    await rename(file, claimed);
    return claimed;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/** Gives an unfinished journal its own name back, so a later recover() tries again. */
export async function unclaimJournal(claimed: string): Promise<void> {
  await rename(claimed, unclaimedName(claimed));
}
