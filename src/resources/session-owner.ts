import { currentOwner } from '../journal/owner-identity.js';

/**
 * The `@leakproof_owner` label of sessions this process creates: `<bootId>/<pid>/<startTime>`,
 * the journal's owner identity, so a reaper can tell whether the creator is still alive.
 *
 * @example
 * ```ts
 * await sessionOwner(); // '7f1c…/4242/981234'
 * ```
 */
export async function sessionOwner(): Promise<string> {
  const { bootId, pid, startTime } = await currentOwner();
  return `${bootId}/${pid}/${startTime}`;
}
