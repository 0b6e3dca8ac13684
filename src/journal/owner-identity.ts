import { defaultProcReader, type ProcReader } from '../proc/proc-reader.js';
import { readBootId, readStartTime } from '../proc/process-identity.js';
import type { OwnerIdentity } from './journal-records.js';

let current: Promise<OwnerIdentity> | undefined;

/** This process's identity, read from /proc once and cached. */
export function currentOwner(): Promise<OwnerIdentity> {
  current ??= readOwner(process.pid, defaultProcReader);
  return current;
}

async function readOwner(pid: number, reader: ProcReader): Promise<OwnerIdentity> {
  const [startTime, bootId] = await Promise.all([readStartTime(pid, reader), readBootId(reader)]);
  if (startTime === undefined) throw new Error(`cannot read the start time of pid ${pid}`);
  return { pid, startTime, bootId };
}

/**
 * Whether the process that wrote a journal is still running: same boot, same pid, same start
 * time. A pid now used by another process, or any pid from an earlier boot, is dead.
 */
export async function isOwnerAlive(
  owner: OwnerIdentity,
  reader: ProcReader = defaultProcReader,
): Promise<boolean> {
  if (owner.bootId !== (await readBootId(reader))) return false;
  return (await readStartTime(owner.pid, reader)) === owner.startTime;
}
