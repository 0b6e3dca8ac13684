import type { ProcReader } from '../proc/proc-reader.js';
import type { ProcessIdentity } from '../proc/process-identity.js';
import { type ProcessTable, scanProcesses } from '../proc/process-table.js';
import { descendantsOf, withMarker } from '../proc/process-tree.js';
import { terminate } from '../proc/terminate.js';
import type { TmuxClient } from '../tmux/tmux-client.js';
import { SESSION_MARKER_ENV } from '../tmux/tmux-labels.js';
import type { TmuxSnapshot } from '../tmux/tmux-snapshot.js';
import { TmuxSessionReleaseError } from './tmux-session-errors.js';

/**
 * What to stop: the uuid is enough (crash recovery); ids from a handle narrow it further.
 *
 * @example
 * ```ts
 * const target: SessionToStop = { name: 'agent_a1', uuid };
 * ```
 */
export interface SessionToStop {
  readonly name: string;
  readonly uuid: string;
  readonly sessionId?: string;
  readonly leader?: ProcessIdentity;
}

/**
 * How to stop it.
 *
 * @example
 * ```ts
 * const ctx: StopContext = { client, procReader: defaultProcReader, killGraceMs: 3_000 };
 * ```
 */
export interface StopContext {
  readonly client: TmuxClient;
  readonly procReader: ProcReader;
  readonly killGraceMs: number;
  readonly signal?: AbortSignal;
}

/** New children can appear while we signal their parents; a few passes catch them. */
const MAX_PASSES = 4;

/**
 * Stops a leakproof session: kills its whole process tree (pane descendants plus every process
 * carrying its marker, found in one /proc scan per pass) with SIGTERM → grace → SIGKILL, then
 * kills the session by `$id` only while its `@leakproof_id` still matches, then verifies nothing
 * is left. A session relabelled by someone else is left alone, processes included. Already gone
 * is success.
 *
 * @throws {@link TmuxSessionReleaseError} when something survived.
 *
 * @example
 * ```ts
 * // Crash recovery knows only the journalled descriptor:
 * await stopSession({ name, uuid }, { client: new TmuxClient({ socketName }), procReader, killGraceMs });
 * ```
 */
export async function stopSession(target: SessionToStop, ctx: StopContext): Promise<void> {
  const scan = (): Promise<ProcessTable> =>
    scanProcesses({ markerName: SESSION_MARKER_ENV, reader: ctx.procReader });
  const [before, firstScan] = await Promise.all([ctx.client.snapshot(), scan()]);
  const adopted = before.panes.some(
    (pane) => pane.sessionId === target.sessionId && pane.leakproofId !== target.uuid,
  );
  if (adopted) return;
  const sessionIds = [
    ...new Set(before.panes.filter((p) => p.leakproofId === target.uuid).map((p) => p.sessionId)),
  ];
  const killSessions = (): Promise<TmuxSnapshot> =>
    ctx.client.killLabelledSessions(sessionIds, target.uuid);
  let table = firstScan;
  let after: TmuxSnapshot | undefined;
  try {
    // Each pass rescans: children forked while their parents were being signalled show up here.
    // Once the leaders are dead, the session is killed while the first rescan runs.
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const victims = processesOf(target, table, before);
      if (victims.length === 0) break;
      await terminate(victims, {
        graceMs: ctx.killGraceMs,
        protectedPids: before.serverPid === undefined ? [] : [before.serverPid],
        reader: ctx.procReader,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
      if (after) table = await scan();
      else [table, after] = await Promise.all([scan(), killSessions()]);
    }
    after ??= await killSessions();
  } catch (error) {
    throw new TmuxSessionReleaseError(target.name, {
      ...(await leftovers(target, ctx)),
      cause: error,
    });
  }
  const remainingPids = withMarker(table, target.uuid).map((entry) => entry.pid);
  const sessionRemains = after.panes.some((pane) => pane.leakproofId === target.uuid);
  if (sessionRemains || remainingPids.length > 0) {
    throw new TmuxSessionReleaseError(target.name, { remainingPids, sessionRemains });
  }
}

/** The leader and panes' trees (while their pids are still what tmux started) and marked ones. */
function processesOf(
  target: SessionToStop,
  table: ProcessTable,
  snapshot: TmuxSnapshot,
): ProcessIdentity[] {
  const roots: number[] = [];
  const leader = target.leader && table.get(target.leader.pid);
  if (leader && leader.startTime === target.leader?.startTime) roots.push(leader.pid);
  for (const pane of snapshot.panes) {
    if (pane.leakproofId !== target.uuid || pane.paneDead) continue;
    // A live pane's pid is a child of the server; anything else is a recycled pid.
    if (table.get(pane.panePid)?.ppid === snapshot.serverPid) roots.push(pane.panePid);
  }
  const found = new Map<number, ProcessIdentity>();
  for (const entry of withMarker(table, target.uuid)) found.set(entry.pid, entry);
  for (const root of roots) {
    const entry = table.get(root);
    if (entry) found.set(root, entry);
    for (const child of descendantsOf(table, root)) found.set(child.pid, child);
  }
  return [...found.values()].map(({ pid, startTime }) => ({ pid, startTime }));
}

/** What is left, for the error report; if even that fails, assume the session remains. */
async function leftovers(
  target: SessionToStop,
  ctx: StopContext,
): Promise<{ remainingPids: number[]; sessionRemains: boolean }> {
  try {
    const [snapshot, table] = await Promise.all([
      ctx.client.snapshot(),
      scanProcesses({ markerName: SESSION_MARKER_ENV, reader: ctx.procReader }),
    ]);
    return {
      remainingPids: withMarker(table, target.uuid).map((entry) => entry.pid),
      sessionRemains: snapshot.panes.some((pane) => pane.leakproofId === target.uuid),
    };
  } catch {
    return { remainingPids: [], sessionRemains: true };
  }
}
