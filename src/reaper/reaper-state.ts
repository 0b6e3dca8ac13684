import { z } from 'zod';

/**
 * What the reaper remembers between iterations (and restarts, through its state file): when it
 * first saw each orphan session and each terminal agent with leftovers.
 *
 * @example
 * ```ts
 * const state: ReaperState = ReaperStateSchema.parse(JSON.parse(text));
 * ```
 */
export const ReaperStateSchema = z.object({
  version: z.literal(1),
  /** `<$id>/<label>` → when it was first seen absent from every registry (ms). */
  orphanSeen: z.record(z.string(), z.number()),
  /** `<task>/<agentId>/<nonce>` → when it was first seen terminal with leftovers (ms). */
  terminalSeen: z.record(z.string(), z.number()),
});

/**
 * The reaper's memory between iterations.
 *
 * @example
 * ```ts
 * const fresh: ReaperState = emptyReaperState();
 * ```
 */
export type ReaperState = z.infer<typeof ReaperStateSchema>;

/**
 * The state of a reaper that has seen nothing yet.
 *
 * @example
 * ```ts
 * plan(snapshot, emptyReaperState(), config, Date.now());
 * ```
 */
export function emptyReaperState(): ReaperState {
  return { version: 1, orphanSeen: {}, terminalSeen: {} };
}
