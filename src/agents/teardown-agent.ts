import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { expectNonNegativeInteger, expectOptionsObject } from '../internal/expect.js';
import { defaultProcReader, type ProcReader } from '../proc/proc-reader.js';
import { isTerminalStatus, type TerminalAgentStatus } from '../registry/agent-record.js';
import { assertTerminal, markAgentTerminal } from '../registry/agent-registry-helpers.js';
import {
  type AgentRegistry,
  AgentRegistrySchema,
  emptyAgentRegistry,
  type TaskAgent,
} from '../registry/agent-registry-schema.js';
import { RegistryStore } from '../registry/registry-store.js';
import { stopSession } from '../resources/stop-session.js';
import type { TmuxClient } from '../tmux/tmux-client.js';
import { isSessionId } from '../tmux/tmux-target.js';
import { type ArchivedLog, archiveLogs } from './archive-logs.js';
import { removePromptFile } from './remove-prompt-file.js';
import { runStep, type TeardownReport, type TeardownStep } from './teardown-report.js';
import { type AgentPaths, agentPaths } from './workspace-layout.js';

/**
 * Options of {@link teardownAgent}.
 *
 * @example
 * ```ts
 * const options: TeardownAgentOptions = { base: '/work', task: 'TASK-1', agentId: 'a1', client };
 * ```
 */
export interface TeardownAgentOptions {
  /** The workspace base (absolute); nothing outside it is touched. */
  readonly base: string;
  /** The task directory name (`TASK-…`). */
  readonly task: string;
  readonly agentId: string;
  /** The private tmux server the agent runs on. */
  readonly client: TmuxClient;
  /** The terminal status to record. @defaultValue `'terminated'` */
  readonly status?: TerminalAgentStatus;
  /** SIGTERM → SIGKILL grace for the process tree. @defaultValue `3000` */
  readonly killGraceMs?: number;
  /** Aborting it cuts the grace short. */
  readonly signal?: AbortSignal;
  /** Where `/proc` is read from. @defaultValue the real `/proc` */
  readonly procReader?: ProcReader;
}

/** Session labels leakproof writes (uuids); anything else in a registry is not ours to act on. */
const NONCE_PATTERN = /^[A-Za-z0-9-]{1,100}$/;

/**
 * Releases one agent's resources, in order: its process tree and tmux session (found by the
 * registry's `nonce` label and `session_id`, never by name — exactly as the tmuxSession release
 * does), its logs (moved into `archive/`, never overwriting), its prompt file (a symlink is
 * unlinked, never its target), and its registry record (marked terminal). Every step runs even
 * when an earlier one failed, except that the record is not marked terminal while processes
 * survive. Idempotent: a second call finds everything `absent`.
 *
 * @throws {@link InvalidAgentPathError} for an invalid id or task name; {@link InvalidOptionError}
 * for another bad option (nothing is touched either way).
 * @example
 * ```ts
 * const report = await teardownAgent({ base: '/work', task: 'TASK-1', agentId: 'a1', client });
 * console.log(report.ok, report.steps);
 * ```
 */
export async function teardownAgent(options: TeardownAgentOptions): Promise<TeardownReport> {
  const started = performance.now();
  expectOptionsObject('options', options);
  const paths = agentPaths(options.base, options.task, options.agentId);
  if (typeof options.client?.snapshot !== 'function') {
    throw new InvalidOptionError('client', 'a TmuxClient', options.client);
  }
  if (options.killGraceMs !== undefined)
    expectNonNegativeInteger('killGraceMs', options.killGraceMs);
  if (options.status !== undefined) assertTerminal(options.status);
  const store = new RegistryStore({
    path: paths.registry,
    schema: AgentRegistrySchema,
    initial: () => emptyAgentRegistry(),
  });
  const steps: TeardownStep[] = [];
  let logs: ArchivedLog[] = [];
  let record: TaskAgent | undefined;
  const session = await runStep(steps, 'session', async () => {
    record = (await store.read()).agents.find((agent) => agent.id === paths.agentId);
    return stopAgentSession(record, paths, options);
  });
  await runStep(steps, 'logs', async () => {
    logs = await archiveLogs(paths);
    const archived = logs.filter((log) => log.status === 'archived').length;
    return { status: archived > 0 ? 'done' : 'absent', detail: `${archived} archived` };
  });
  await runStep(steps, 'prompt', async () => {
    const outcome = await removePromptFile(paths.promptFile);
    return { status: outcome === 'removed' ? 'done' : outcome, detail: outcome };
  });
  await runStep(steps, 'registry', async () => {
    if (session.status === 'failed') return { status: 'skipped', detail: 'processes survive' };
    if (!record) return { status: 'absent', detail: 'not in the registry' };
    if (isTerminalStatus(record.status)) return { status: 'absent', detail: 'already terminal' };
    const status = options.status ?? 'terminated';
    await store.update((registry: AgentRegistry) =>
      registry.agents.some((agent) => agent.id === paths.agentId)
        ? markAgentTerminal(registry, paths.agentId, status)
        : registry,
    );
    return { status: 'done', detail: status };
  });
  return {
    task: paths.taskName,
    agentId: paths.agentId,
    ok: steps.every((step) => step.status !== 'failed'),
    durationMs: performance.now() - started,
    steps,
    logs,
  };
}

async function stopAgentSession(
  record: TaskAgent | undefined,
  paths: AgentPaths,
  options: TeardownAgentOptions,
): Promise<Omit<TeardownStep, 'step'>> {
  if (!record) return { status: 'absent', detail: 'not in the registry' };
  const nonce = record.nonce;
  if (nonce === undefined || !NONCE_PATTERN.test(nonce)) {
    return { status: 'skipped', detail: 'no leakproof label: a session is never killed by name' };
  }
  await stopSession(
    {
      name: record.tmux_session ?? `agent_${paths.agentId}`,
      uuid: nonce,
      ...(isSessionId(record.session_id) ? { sessionId: record.session_id } : {}),
    },
    {
      client: options.client,
      procReader: options.procReader ?? defaultProcReader,
      killGraceMs: options.killGraceMs ?? 3_000,
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  return { status: 'done', detail: `label ${nonce}` };
}
