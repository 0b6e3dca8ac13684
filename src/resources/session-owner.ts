import type { ProcReader } from '../proc/proc-reader.js';
import { readBootId, readStartTime } from '../proc/process-identity.js';

/**
 * The `@leakproof_owner` label of sessions this process creates: `<bootId>/<pid>/<startTime>`,
 * which names this exact process even after its pid is reused or the machine reboots.
 */
export async function sessionOwner(reader: ProcReader): Promise<string> {
  const [bootId, startTime] = await Promise.all([
    readBootId(reader),
    readStartTime(process.pid, reader),
  ]);
  return `${bootId}/${process.pid}/${startTime ?? 'unknown'}`;
}
