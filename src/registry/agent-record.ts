import { z } from 'zod';

/**
 * Statuses after which an agent no longer counts as active. Any other status (`running`,
 * `working`, `blocked`, ...) is live; registries written by other tools may use their own.
 *
 * @example
 * ```ts
 * terminalAgentStatuses.includes('completed'); // true
 * ```
 */
export const terminalAgentStatuses = [
  'completed',
  'failed',
  'error',
  'killed',
  'terminated',
  'cancelled',
] as const;

/**
 * A status that ends an agent's life.
 *
 * @example
 * ```ts
 * const status: TerminalAgentStatus = 'killed';
 * ```
 */
export type TerminalAgentStatus = (typeof terminalAgentStatuses)[number];

/**
 * Whether `status` is terminal (see {@link terminalAgentStatuses}).
 *
 * @example
 * ```ts
 * const live = registry.agents.filter((agent) => !isTerminalStatus(agent.status));
 * ```
 */
export function isTerminalStatus(status: string): status is TerminalAgentStatus {
  return (terminalAgentStatuses as readonly string[]).includes(status);
}

/**
 * Fields every agent record carries in both registries. Only `type` and `status` are required, so
 * records written before leakproof still parse; leakproof fills in the rest:
 * `tmux_session` (name), `session_id` (tmux `$id`), `pane_pid`, `nonce` (the
 * `LEAKPROOF_SESSION` marker every descendant inherits), `prompt_file`, ISO timestamps.
 */
export const agentRecordFields = {
  type: z.string().min(1),
  status: z.string().min(1),
  tmux_session: z.string().min(1).optional(),
  session_id: z.string().min(1).optional(),
  pane_pid: z.number().int().positive().optional(),
  nonce: z.string().min(1).optional(),
  prompt_file: z.string().min(1).optional(),
  started_at: z.string().optional(),
  ended_at: z.string().optional(),
};

/** Counts records whose status is not terminal. */
export function countActive(records: Iterable<{ readonly status: string }>): number {
  let active = 0;
  for (const record of records) if (!isTerminalStatus(record.status)) active++;
  return active;
}
