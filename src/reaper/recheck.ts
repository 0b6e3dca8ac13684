import { listTaskDirs, registryPath } from '../agents/workspace-layout.js';
import { isTerminalStatus } from '../registry/agent-record.js';
import { AgentRegistrySchema, emptyAgentRegistry } from '../registry/agent-registry-schema.js';
import { RegistryStore } from '../registry/registry-store.js';
import type { PlannedAction } from './planned-action.js';
import type { ReaperSnapshot, SessionView } from './reaper-snapshot.js';
import type { RegistryCache } from './registry-cache.js';

/**
 * A fresh view for re-checking actions just before they run: one more tmux snapshot (taken only
 * when there is something to do) plus direct registry reads.
 *
 * @example
 * ```ts
 * const why = await recheck(action, { root, snapshot, sessions, cache, now, inactiveAfterMs });
 * ```
 */
export interface FreshView {
  readonly root: string;
  readonly snapshot: ReaperSnapshot;
  readonly sessions: readonly SessionView[];
  readonly cache: RegistryCache;
  readonly now: number;
  readonly inactiveAfterMs: number;
}

/**
 * Re-checks an action's preconditions against a fresh view.
 *
 * @returns `undefined` when it may run, else why not.
 * @example
 * ```ts
 * const why = await recheck(action, view);
 * if (why) results.push({ action, status: 'skipped', detail: why });
 * ```
 */
export async function recheck(action: PlannedAction, view: FreshView): Promise<string | undefined> {
  const session = view.sessions.find((s) => s.label !== undefined && s.label === action.label);
  if (action.kind === 'kill-orphan') {
    if (!session || session.sessionId !== action.sessionId) return 'session already gone';
    const tasks = await listTaskDirs(view.root);
    if (tasks.length !== view.snapshot.registries.length) return 'task directories changed';
    for (const registry of view.snapshot.registries) {
      if (await view.cache.changedSince(registry)) return `registry of ${registry.task} changed`;
    }
    return undefined;
  }
  const task = action.task as string;
  const store = new RegistryStore({
    path: registryPath(view.root, task),
    schema: AgentRegistrySchema,
    initial: emptyAgentRegistry,
  });
  const registry = await store.read().catch(() => undefined);
  if (!registry) return 'registry unreadable';
  const agent = registry.agents.find((a) => a.id === action.agentId);
  if (!agent || agent.nonce !== action.label) return 'agent record changed';
  if (action.kind === 'teardown') {
    return isTerminalStatus(agent.status) ? undefined : 'agent no longer terminal';
  }
  if (isTerminalStatus(agent.status)) return 'agent became terminal';
  const seen = view.snapshot.registries.find((r) => r.task === task);
  if (!seen || (await view.cache.changedSince(seen))) return 'registry updated';
  if (!session || view.now - session.activityMs < view.inactiveAfterMs) return 'session active';
  return undefined;
}
