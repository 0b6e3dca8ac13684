import { teardownAgent } from '../agents/teardown-agent.js';
import type { TeardownReport } from '../agents/teardown-report.js';
import type { ProcReader } from '../proc/proc-reader.js';
import { stopSession } from '../resources/stop-session.js';
import { type SerializedError, serializeError } from '../scope/rollback-report.js';
import type { TmuxClient } from '../tmux/tmux-client.js';
import type { PlannedAction } from './planned-action.js';
import type { ReaperConfig } from './reaper-config.js';
import { sessionsOf } from './reaper-snapshot.js';
import { type FreshView, recheck } from './recheck.js';

/**
 * The outcome of one executed action.
 *
 * @example
 * ```ts
 * const failed = results.filter((result) => result.status === 'failed');
 * ```
 */
export interface ActionResult {
  readonly action: PlannedAction;
  /** `skipped`: its preconditions no longer held on the fresh view. */
  readonly status: 'done' | 'skipped' | 'failed' | 'timed-out';
  readonly detail: string;
  readonly durationMs: number;
  readonly teardown?: TeardownReport;
  readonly error?: SerializedError;
}

/**
 * What acting needs.
 *
 * @example
 * ```ts
 * await act(actions, { client, procReader, config, view: (sessions) => ({ ... }) });
 * ```
 */
export interface ActContext {
  readonly client: TmuxClient;
  readonly procReader: ProcReader;
  readonly config: ReaperConfig;
  /** `performance.now()` after which no further action starts. */
  readonly deadline: number;
  /** Builds the fresh view around a new tmux snapshot. */
  readonly view: (sessions: FreshView['sessions']) => FreshView;
}

/**
 * Executes gated actions one by one: takes one fresh tmux snapshot, re-checks each action's
 * preconditions, then runs it bounded by `actionTimeoutMs` (the abort cuts kill graces short).
 *
 * @example
 * ```ts
 * const results = await act(gated.actions, ctx);
 * ```
 */
export async function act(
  actions: readonly PlannedAction[],
  ctx: ActContext,
): Promise<ActionResult[]> {
  if (actions.length === 0) return [];
  const view = ctx.view(sessionsOf(await ctx.client.snapshot()));
  const results: ActionResult[] = [];
  for (const action of actions) {
    const started = performance.now();
    const elapsed = (): number => performance.now() - started;
    if (performance.now() > ctx.deadline) {
      results.push({ action, status: 'skipped', detail: 'iteration timed out', durationMs: 0 });
      continue;
    }
    try {
      const why = await recheck(action, view);
      if (why) {
        results.push({ action, status: 'skipped', detail: why, durationMs: elapsed() });
        continue;
      }
      const outcome = await bounded(ctx.config.actionTimeoutMs, (signal) =>
        run(action, ctx, signal),
      );
      results.push(
        outcome === 'timed-out'
          ? {
              action,
              status: 'timed-out',
              detail: `over ${ctx.config.actionTimeoutMs} ms`,
              durationMs: elapsed(),
            }
          : { ...outcome, action, durationMs: elapsed() },
      );
    } catch (error) {
      results.push({
        action,
        status: 'failed',
        detail: 'threw',
        durationMs: elapsed(),
        error: serializeError(error),
      });
    }
  }
  return results;
}

async function run(
  action: PlannedAction,
  ctx: ActContext,
  signal: AbortSignal,
): Promise<Omit<ActionResult, 'action' | 'durationMs'>> {
  const { client, procReader, config } = ctx;
  if (action.kind === 'kill-orphan') {
    const target = {
      name: action.sessionName ?? '?',
      uuid: action.label as string,
      ...(action.sessionId ? { sessionId: action.sessionId } : {}),
    };
    await stopSession(target, { client, procReader, killGraceMs: config.killGraceMs, signal });
    return { status: 'done', detail: `stopped ${action.sessionId}` };
  }
  const teardown = await teardownAgent({
    base: config.root,
    task: action.task as string,
    agentId: action.agentId as string,
    client,
    procReader,
    killGraceMs: config.killGraceMs,
    signal,
    ...(action.kind === 'kill-idle' ? { status: 'killed' as const } : {}),
  });
  const failed = teardown.steps.find((step) => step.status === 'failed');
  return {
    status: teardown.ok ? 'done' : 'failed',
    detail: failed ? `${failed.step} failed` : 'torn down',
    teardown,
    ...(failed?.error ? { error: failed.error } : {}),
  };
}

/** Runs `body`, aborting its signal and answering `timed-out` after `timeoutMs`. */
async function bounded<T>(
  timeoutMs: number,
  body: (signal: AbortSignal) => Promise<T>,
): Promise<T | 'timed-out'> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timed-out'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve('timed-out');
    }, timeoutMs);
  });
  const work = body(controller.signal);
  // The body may still settle after the timeout: never as an unhandled rejection.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
