import { listTaskDirs } from '../agents/workspace-layout.js';
import type { ProcReader } from '../proc/proc-reader.js';
import { readBootId } from '../proc/process-identity.js';
import { scanProcesses } from '../proc/process-table.js';
import type { TmuxClient } from '../tmux/tmux-client.js';
import { hasLeftoverFiles, newestLogMtime } from './agent-files.js';
import {
  MARKER_NAME,
  markerCounts,
  ownerLiveness,
  type ReaperSnapshot,
  type RegistryView,
  type SessionView,
  type SnapshotAgent,
  sessionsOf,
} from './reaper-snapshot.js';
import type { RegistryCache } from './registry-cache.js';

/**
 * Where a snapshot comes from.
 *
 * @example
 * ```ts
 * const sources: SnapshotSources = { root, client, procReader, cache, cleanAgents: new Set(), now: Date.now, inactiveAfterMs };
 * ```
 */
export interface SnapshotSources {
  readonly root: string;
  readonly client: TmuxClient;
  readonly procReader: ProcReader;
  readonly cache: RegistryCache;
  /** Terminal agents already seen without leftover files: not stat'ed again. */
  readonly cleanAgents: Set<string>;
  readonly now: () => number;
  readonly inactiveAfterMs: number;
}

/**
 * Takes one snapshot: every task registry (unchanged files from the cache), exactly one tmux
 * `list-panes -a` call and exactly one /proc scan, in parallel; then the few file checks the
 * plan needs (leftover files of terminal agents, log mtimes of agents otherwise idle).
 *
 * @throws What the tmux client or the /proc scan threw: an iteration never plans on half a view.
 * @example
 * ```ts
 * const snapshot = await takeSnapshot(sources);
 * ```
 */
export async function takeSnapshot(sources: SnapshotSources): Promise<ReaperSnapshot> {
  const tasks = await listTaskDirs(sources.root);
  sources.cache.retain(tasks);
  const [views, tmux, table, bootId] = await Promise.all([
    Promise.all(tasks.map((task) => sources.cache.read(task))),
    sources.client.snapshot(),
    scanProcesses({ markerName: MARKER_NAME, reader: sources.procReader }),
    readBootId(sources.procReader),
  ]);
  const now = sources.now();
  const sessions = sessionsOf(tmux, ownerLiveness(table, bootId));
  const byLabel = new Map(sessions.filter((s) => s.label).map((s) => [s.label as string, s]));
  const registries = await Promise.all(views.map((view) => enrich(view, byLabel, sources, now)));
  return {
    takenAtMs: now,
    registries,
    sessions,
    ...(tmux.serverPid === undefined ? {} : { serverPid: tmux.serverPid }),
    markedProcesses: markerCounts(table),
  };
}

async function enrich(
  view: RegistryView,
  byLabel: ReadonlyMap<string, SessionView>,
  sources: SnapshotSources,
  now: number,
): Promise<RegistryView> {
  if (view.state !== 'ok') return view;
  const agents = await Promise.all(
    view.agents.map(async (agent): Promise<SnapshotAgent> => {
      if (!agent.validId) return agent;
      if (agent.terminal) {
        const key = `${agent.task}/${agent.id}/${agent.nonce ?? ''}`;
        if (sources.cleanAgents.has(key)) return agent;
        const leftoverFiles = await hasLeftoverFiles(sources.root, agent.task, agent.id);
        if (!leftoverFiles) sources.cleanAgents.add(key);
        return { ...agent, leftoverFiles };
      }
      const session = agent.nonce === undefined ? undefined : byLabel.get(agent.nonce);
      const idleSoFar = Math.max(session?.activityMs ?? now, view.mtimeMs ?? now);
      if (now - idleSoFar < sources.inactiveAfterMs) return agent;
      return { ...agent, logMtimeMs: await newestLogMtime(sources.root, agent.task, agent.id) };
    }),
  );
  return { ...view, agents };
}
