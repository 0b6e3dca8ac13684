import { unlink } from 'node:fs/promises';
import { z } from 'zod';
import { errorCode, lstatOrUndefined } from '../internal/fs-identity.js';
import { defineRecoverableKind } from '../journal/recoverable-kind.js';
import { FileSystemError } from './file-errors.js';
import { removeIfSame } from './prompt-file.js';

const Identity = z.object({ dev: z.string(), ino: z.string(), born: z.string() });

/** What a prompt file journals: its path and temporary name, then the identity once written. */
export const PromptFileIntentSchema = z.object({
  path: z.string().startsWith('/'),
  temp: z.string().startsWith('/'),
  identity: Identity.optional(),
});

/**
 * Releases a prompt file from its journal record: once its identity was journalled, the file
 * (and its temporary name) are unlinked only while they are still that file; before that, only
 * the uniquely named temporary file can exist, and it is removed.
 */
export const promptFileRecovery = defineRecoverableKind({
  kind: 'file',
  intent: PromptFileIntentSchema,
  release: async ({ intent }) => {
    if (intent.identity) {
      await removeIfSame(intent.temp, intent.identity);
      await removeIfSame(intent.path, intent.identity);
      return;
    }
    await removeTemporary(intent.temp);
  },
});

async function removeTemporary(temp: string): Promise<void> {
  try {
    const stats = await lstatOrUndefined(temp);
    if (stats?.isFile()) await unlink(temp);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw new FileSystemError('remove', temp, error);
  }
}
