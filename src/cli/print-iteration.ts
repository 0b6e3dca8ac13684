import type { IterationReport } from '../reaper/iteration-report.js';
import type { PlannedAction } from '../reaper/planned-action.js';

/** Prints an iteration: one JSON object per line with `json`, else one readable line each. */
export function printIteration(
  report: IterationReport,
  json: boolean,
  print: (text: string) => void,
): void {
  const line = (value: Record<string, unknown>): void => print(JSON.stringify(value));
  if (json) {
    for (const action of report.actions) line({ type: 'action', ...action });
    for (const { action, reason } of report.held) line({ type: 'held', ...action, hold: reason });
    for (const { action, status, detail, error } of report.results) {
      line({ type: 'result', status, detail, ...action, ...(error ? { error } : {}) });
    }
    for (const text of report.notes) line({ type: 'note', text });
    const { iteration, ok, dryRun, durationMs, counts, error } = report;
    line({
      type: 'iteration',
      iteration,
      ok,
      dryRun,
      durationMs,
      counts,
      ...(error ? { error } : {}),
    });
    return;
  }
  const verb = report.dryRun ? 'would' : 'will';
  for (const action of report.actions) print(`${verb} ${describe(action)}`);
  for (const { action, reason } of report.held) print(`held (${reason}) ${describe(action)}`);
  for (const { action, status, detail } of report.results) {
    print(`${status} ${describe(action)}: ${detail}`);
  }
  for (const text of report.notes) print(`note: ${text}`);
  const error = report.error ? `: ${report.error.message}` : '';
  print(
    `iteration ${report.iteration} ${report.ok ? 'ok' : 'FAILED'} in ${Math.round(report.durationMs)} ms` +
      ` (${report.counts.registries} registries, ${report.counts.labelledSessions} labelled sessions)${error}`,
  );
}

function describe(action: PlannedAction): string {
  const who = action.agentId ? `${action.task}/${action.agentId}` : 'orphan';
  const session = action.sessionId
    ? ` ${action.sessionId} ${JSON.stringify(action.sessionName)}`
    : '';
  return `${action.kind} ${who}${session}: ${action.reason}`;
}
