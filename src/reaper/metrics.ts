import type { IterationReport } from './iteration-report.js';

/**
 * Cumulative counters across iterations, kept in memory by the {@link Reaper}.
 *
 * @example
 * ```ts
 * const totals: ReaperTotals = { iterations: 0, failures: 0, actions: {} };
 * ```
 */
export interface ReaperTotals {
  iterations: number;
  failures: number;
  /** `<kind>/<status>` → count. */
  actions: Record<string, number>;
}

/**
 * Renders the Prometheus textfile-collector format for the last iteration and the totals.
 *
 * @example
 * ```ts
 * await writeStateFile(stateDir, 'reaper.prom', renderMetrics(report, totals));
 * ```
 */
export function renderMetrics(report: IterationReport, totals: ReaperTotals): string {
  const lines: string[] = [];
  const metric = (name: string, type: string, help: string, samples: [string, number][]): void => {
    lines.push(
      `# HELP leakproof_reaper_${name} ${help}`,
      `# TYPE leakproof_reaper_${name} ${type}`,
    );
    for (const [labels, value] of samples) lines.push(`leakproof_reaper_${name}${labels} ${value}`);
  };
  metric('last_iteration_timestamp_seconds', 'gauge', 'End of the last iteration.', [
    ['', Math.round(report.finishedAtMs / 1000)],
  ]);
  metric('iteration_duration_seconds', 'gauge', 'Duration of the last iteration.', [
    ['', report.durationMs / 1000],
  ]);
  metric('iterations_total', 'counter', 'Iterations run.', [['', totals.iterations]]);
  metric('iteration_failures_total', 'counter', 'Iterations that failed as a whole.', [
    ['', totals.failures],
  ]);
  metric('agents', 'gauge', 'Agents in readable registries.', [
    ['{state="live"}', report.counts.liveAgents],
    ['{state="terminal"}', report.counts.terminalAgents],
  ]);
  metric('sessions', 'gauge', 'tmux sessions seen.', [
    ['{labelled="true"}', report.counts.labelledSessions],
    ['{labelled="false"}', report.counts.unlabelledSessions],
  ]);
  metric('registries_unknown', 'gauge', 'Registries that could not be read.', [
    ['', report.counts.unknownRegistries],
  ]);
  metric('held_actions', 'gauge', 'Actions held back by the gate in the last iteration.', [
    ['', report.held.length],
  ]);
  metric(
    'actions_total',
    'counter',
    'Actions executed, by kind and outcome.',
    Object.entries(totals.actions).map(([key, value]) => {
      const [kind, status] = key.split('/');
      return [`{kind="${kind}",status="${status}"}`, value];
    }),
  );
  return `${lines.join('\n')}\n`;
}
