import { rmdir } from 'node:fs/promises';
import { z } from 'zod';
import { errorCode, isSameFile, lstatOrUndefined } from '../internal/fs-identity.js';
import { defineRecoverableKind } from '../journal/recoverable-kind.js';
import { FileSystemError } from './file-errors.js';

const Created = z.object({ path: z.string(), dev: z.string(), ino: z.string(), born: z.string() });

/** What a directory journals: its path, then the directories it is about to create and made. */
export const DirectoryIntentSchema = z.object({
  path: z.string().startsWith('/'),
  missing: z.array(z.string().startsWith('/')).default([]),
  created: z.array(Created).default([]),
});

/**
 * Releases a directory from its journal record: innermost first, only empty directories, and
 * only ones this acquire made — proven by their journalled identity, or, for the one being made
 * when the process died, by having been born after the intent was journalled (it was missing
 * when checked after that moment, so it cannot be older).
 */
export const directoryRecovery = defineRecoverableKind({
  kind: 'directory',
  intent: DirectoryIntentSchema,
  release: async ({ intent, intendedAt }) => {
    const identities = new Map(intent.created.map((entry) => [entry.path, entry]));
    for (const dir of [...intent.missing].reverse()) {
      const stats = await lstatOrUndefined(dir);
      if (!stats?.isDirectory()) continue;
      const identity = identities.get(dir);
      const ours = identity
        ? isSameFile(stats, identity)
        : stats.birthtimeNs > 0n && stats.birthtimeNs >= earliestBirthNs(intendedAt);
      if (!ours) continue;
      try {
        await rmdir(dir);
      } catch (error) {
        const code = errorCode(error);
        // Not empty: someone put something there, so it and its parents stay.
        if (code === 'ENOTEMPTY' || code === 'EEXIST') return;
        if (code !== 'ENOENT') throw new FileSystemError('remove directory', dir, error);
      }
    }
  },
});

/** File-system timestamps come from a coarse kernel clock: allow a second of skew before `at`. */
function earliestBirthNs(intendedAtMs: number): bigint {
  return BigInt(intendedAtMs - 1_000) * 1_000_000n;
}
