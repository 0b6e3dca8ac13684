import type { ProcReader } from '../proc/proc-reader.js';
import { serializeError } from '../scope/rollback-report.js';
import type { TmuxClient } from '../tmux/tmux-client.js';
import { type ActionResult, act } from './act.js';
import { gate } from './gate.js';
import type { IterationReport } from './iteration-report.js';
import { plan } from './plan.js';
import type { ReaperConfig } from './reaper-config.js';
import { ReaperIterationError } from './reaper-errors.js';
import type { ReaperSnapshot } from './reaper-snapshot.js';
import type { ReaperState } from './reaper-state.js';
import type { RegistryCache } from './registry-cache.js';
import { takeSnapshot } from './take-snapshot.js';

/**
 * Everything one iteration needs.
 *
 * @example
 * ```ts
 * const { report, state } = await iterate({ config, client, procReader, cache, cleanAgents, now, state, iteration: 1 });
 * ```
 */
export interface IterationInput {
  readonly config: ReaperConfig;
  readonly client: TmuxClient;
  readonly procReader: ProcReader;
  readonly cache: RegistryCache;
  readonly cleanAgents: Set<string>;
  readonly now: () => number;
  readonly state: ReaperState;
  readonly iteration: number;
}

/**
 * One iteration: snapshot → plan → gate (bounded together by `iterationTimeoutMs`) → act (unless
 * `dryRun`; no action starts after the deadline). Never throws: a failed snapshot is a report
 * with `error` and no action.
 *
 * @example
 * ```ts
 * const { report } = await iterate(input);
 * ```
 */
export async function iterate(
  input: IterationInput,
): Promise<{ report: IterationReport; state: ReaperState }> {
  const { config } = input;
  const startedAtMs = input.now();
  const started = performance.now();
  const deadline = started + config.iterationTimeoutMs;
  const finish = (
    fields: Partial<IterationReport>,
    snapshot?: ReaperSnapshot,
  ): IterationReport => ({
    iteration: input.iteration,
    dryRun: config.dryRun,
    ok: true,
    startedAtMs,
    finishedAtMs: input.now(),
    durationMs: performance.now() - started,
    actions: [],
    held: [],
    results: [],
    notes: [],
    counts: countsOf(snapshot),
    ...fields,
  });
  let snapshot: ReaperSnapshot;
  try {
    snapshot = await withDeadline(
      takeSnapshot({ ...input, root: config.root, inactiveAfterMs: config.inactiveAfterMs }),
      config.iterationTimeoutMs,
    );
  } catch (error) {
    const wrapped = new ReaperIterationError(`Snapshot failed: ${(error as Error).message}`, error);
    return { report: finish({ ok: false, error: serializeError(wrapped) }), state: input.state };
  }
  const now = snapshot.takenAtMs;
  const planned = plan(snapshot, input.state, config, now);
  const gated = gate(planned.candidates, snapshot, config, now);
  let results: ActionResult[] = [];
  if (!config.dryRun) {
    results = await act(gated.actions, {
      client: input.client,
      procReader: input.procReader,
      config,
      deadline,
      view: (sessions) => ({
        root: config.root,
        snapshot,
        sessions,
        cache: input.cache,
        now: input.now(),
        inactiveAfterMs: config.inactiveAfterMs,
      }),
    });
  }
  const ok = results.every((result) => result.status === 'done' || result.status === 'skipped');
  const report = finish(
    { ok, actions: gated.actions, held: gated.held, results, notes: planned.notes },
    snapshot,
  );
  return { report, state: planned.state };
}

function countsOf(snapshot: ReaperSnapshot | undefined): IterationReport['counts'] {
  const agents = snapshot?.registries.flatMap((view) => view.agents) ?? [];
  const labelled = snapshot?.sessions.filter((session) => session.label).length ?? 0;
  return {
    registries: snapshot?.registries.length ?? 0,
    unknownRegistries: snapshot?.registries.filter((view) => view.state === 'unknown').length ?? 0,
    liveAgents: agents.filter((agent) => !agent.terminal).length,
    terminalAgents: agents.filter((agent) => agent.terminal).length,
    labelledSessions: labelled,
    unlabelledSessions: (snapshot?.sessions.length ?? 0) - labelled,
  };
}

async function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`iteration exceeded ${timeoutMs} ms`)), timeoutMs);
  });
  work.catch(() => undefined);
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
