import type { LockFs } from './lock-fs.js';
import { RegistryLockCompromisedError } from './registry-errors.js';

/** A held lock: check it before writing, release it exactly once. */
export interface LockHold {
  /** Whether taking it removed a crashed holder's stale lock (temp files may be left). */
  readonly tookOver: boolean;
  /** How long the acquisition waited, in ms. */
  readonly waitedMs: number;
  /** @throws {@link RegistryLockCompromisedError} unless the lease is held with margin. */
  assertSafe(): void;
  /** Whether the lease is held with margin. */
  isSafe(): boolean;
  /** Releases the lock; never throws (a lock it cannot remove expires as stale). */
  release(): Promise<void>;
}

/** The {@link LockHold} of one successful acquisition. */
export function holdOf(
  acquired: { lockFs: LockFs; release: () => Promise<void> },
  waitedMs: number,
  path: string,
): LockHold {
  const { lockFs, release } = acquired;
  let released = false;
  return {
    tookOver: lockFs.tookOver,
    waitedMs,
    isSafe: () => lockFs.unsafeBecause() === undefined,
    assertSafe: () => {
      const unsafe = lockFs.unsafeBecause();
      if (unsafe === undefined) return;
      throw new RegistryLockCompromisedError(path, unsafe, { cause: lockFs.compromise });
    },
    release: async () => {
      if (released) return;
      released = true;
      // ERELEASED (compromised meanwhile) and rmdir failures: the lock then expires as stale.
      await release().catch(() => undefined);
    },
  };
}
