import type { ProcReader } from '../proc/proc-reader.js';
import { readBootId, readStartTime } from '../proc/process-identity.js';

/**
 * The `@leakproof_owner` label of sessions this process creates: `<bootId>/<pid>/<startTime>`,
 * which names this exact process even after its pid is reused or the machine reboots.
 */
export async function sessionOwner(reader: ProcReader): Promise<string> {
  const cached = owners.get(reader);
  if (cached) return cached;
  const [bootId, startTime] = await Promise.all([
    readBootId(reader),
    readStartTime(process.pid, reader),
  ]);
  const owner = `${bootId}/${process.pid}/${startTime ?? 'unknown'}`;
  owners.set(reader, owner);
  return owner;
}

/** This process's identity never changes; compute it once per reader. */
const owners = new WeakMap<ProcReader, string>();
