import type { SerializedError } from '../scope/rollback-report.js';
import type { ActionResult } from './act.js';
import type { HeldAction, PlannedAction } from './planned-action.js';

/**
 * What one iteration saw and did, as plain JSON (also what `--json` prints).
 *
 * @example
 * ```ts
 * const report = await reaper.reapOnce();
 * console.log(report.actions.length, report.held.length, report.results);
 * ```
 */
export interface IterationReport {
  readonly iteration: number;
  readonly dryRun: boolean;
  readonly ok: boolean;
  readonly startedAtMs: number;
  readonly finishedAtMs: number;
  readonly durationMs: number;
  /** What the gate let through: exactly what a real run executes (in a dry run: would). */
  readonly actions: readonly PlannedAction[];
  readonly held: readonly HeldAction[];
  /** Outcomes of executed actions; empty in a dry run. */
  readonly results: readonly ActionResult[];
  readonly notes: readonly string[];
  readonly counts: {
    readonly registries: number;
    readonly unknownRegistries: number;
    readonly liveAgents: number;
    readonly terminalAgents: number;
    readonly labelledSessions: number;
    readonly unlabelledSessions: number;
  };
  /** Set when the iteration failed as a whole; then nothing was acted on. */
  readonly error?: SerializedError;
}
