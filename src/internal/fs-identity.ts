import type { BigIntStats } from 'node:fs';
import { lstat } from 'node:fs/promises';

/**
 * What tells "the file we created" from one put in its place later: device, inode and birth time
 * (inode numbers are reused at once after a delete). Strings, so it survives JSON and 64-bit inodes.
 *
 * @example
 * ```ts
 * const { dev, ino, born } = await scope.acquire(promptFile({ path, content }));
 * ```
 */
export interface FileIdentity {
  /** Device number. */
  readonly dev: string;
  /** Inode number. */
  readonly ino: string;
  /** Birth time in ns, or `'0'` where the file system does not record one. */
  readonly born: string;
}

export function identityOf(stats: BigIntStats): FileIdentity {
  return { dev: String(stats.dev), ino: String(stats.ino), born: String(stats.birthtimeNs) };
}

/** `lstat` (never following a link) that answers `undefined` for a missing path. */
export async function lstatOrUndefined(path: string): Promise<BigIntStats | undefined> {
  try {
    return await lstat(path, { bigint: true });
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/** True when `stats` describes the very file `identity` was taken from. */
export function isSameFile(stats: BigIntStats | undefined, identity: FileIdentity): boolean {
  if (stats === undefined) return false;
  const now = identityOf(stats);
  return now.dev === identity.dev && now.ino === identity.ino && now.born === identity.born;
}

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
