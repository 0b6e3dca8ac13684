import { type SerializedError, serializeError } from '../scope/rollback-report.js';
import type { ArchivedLog } from './archive-logs.js';

/**
 * One step of {@link teardownAgent}: `done`, `absent` (nothing to do: already gone), `skipped`
 * (deliberately not done, see `detail`) or `failed` (see `error`).
 *
 * @example
 * ```ts
 * const step: TeardownStep = { step: 'prompt', status: 'done', detail: 'removed' };
 * ```
 */
export interface TeardownStep {
  readonly step: 'session' | 'logs' | 'prompt' | 'registry';
  readonly status: 'done' | 'absent' | 'skipped' | 'failed';
  readonly detail: string;
  readonly error?: SerializedError;
}

/**
 * What {@link teardownAgent} did, as plain JSON. `ok` is false when a step failed.
 *
 * @example
 * ```ts
 * const report = await teardownAgent({ base, task: 'TASK-1', agentId: 'a1', client });
 * if (!report.ok) console.error(report.steps.filter((s) => s.status === 'failed'));
 * ```
 */
export interface TeardownReport {
  readonly task: string;
  readonly agentId: string;
  readonly ok: boolean;
  readonly durationMs: number;
  readonly steps: readonly TeardownStep[];
  /** Every log file considered, and where it went. */
  readonly logs: readonly ArchivedLog[];
}

/**
 * Runs one step, turning a throw into a `failed` entry so the next step still runs.
 *
 * @example
 * ```ts
 * await runStep(steps, 'prompt', async () => ({ status: 'done', detail: 'removed' }));
 * ```
 */
export async function runStep(
  steps: TeardownStep[],
  step: TeardownStep['step'],
  body: () => Promise<Omit<TeardownStep, 'step'>>,
): Promise<TeardownStep> {
  let entry: TeardownStep;
  try {
    entry = { step, ...(await body()) };
  } catch (error) {
    entry = { step, status: 'failed', detail: 'failed', error: serializeError(error) };
  }
  steps.push(entry);
  return entry;
}
