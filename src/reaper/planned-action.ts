/**
 * One thing the reaper would do:
 * - `teardown`: a terminal agent still has a session, processes or files → {@link teardownAgent};
 * - `kill-idle`: a live agent idle by all three clocks → `teardownAgent` with status `killed`;
 * - `kill-orphan`: a labelled session whose label no registry knows → stopped by `$id` + label.
 *
 * @example
 * ```ts
 * const action: PlannedAction = { kind: 'kill-orphan', reason: 'label in no registry', sessionId: '$4', sessionName: 'agent_x', label: uuid, sinceMs, killsSession: true };
 * ```
 */
export interface PlannedAction {
  readonly kind: 'teardown' | 'kill-idle' | 'kill-orphan';
  readonly reason: string;
  readonly task?: string;
  readonly agentId?: string;
  readonly sessionId?: string;
  readonly sessionName?: string;
  /** The session label / process marker acted on. */
  readonly label?: string;
  /** Since when the condition holds: terminal since, idle since, first seen as an orphan. */
  readonly sinceMs: number;
  /** Whether a live tmux session dies if it runs (counted by the circuit breaker). */
  readonly killsSession: boolean;
}

/**
 * Why the gate held an action back.
 *
 * @example
 * ```ts
 * const reason: HoldReason = 'warn-mode';
 * ```
 */
export type HoldReason =
  | 'protected'
  | 'terminal-grace'
  | 'first-observation'
  | 'orphan-grace'
  | 'registry-unknown'
  | 'owner-alive'
  | 'warn-mode'
  | 'circuit-breaker'
  | 'max-actions';

/**
 * A planned action the gate held back, and why.
 *
 * @example
 * ```ts
 * for (const { action, reason } of gated.held) console.log(action.kind, reason);
 * ```
 */
export interface HeldAction {
  readonly action: PlannedAction;
  readonly reason: HoldReason;
}
