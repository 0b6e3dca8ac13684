import type { PlannedAction } from './planned-action.js';
import type { ReaperConfig } from './reaper-config.js';
import type { ReaperSnapshot, SessionView, SnapshotAgent } from './reaper-snapshot.js';
import type { ReaperState } from './reaper-state.js';

/**
 * What {@link plan} returns: the candidate actions (before the gate), the state to remember, and
 * notes about what was seen but cannot be acted on (invalid ids, unreadable registries).
 *
 * @example
 * ```ts
 * const { candidates, state, notes } = plan(snapshot, previous, config, Date.now());
 * ```
 */
export interface PlanResult {
  readonly candidates: readonly PlannedAction[];
  readonly state: ReaperState;
  readonly notes: readonly string[];
}

const KIND_ORDER = { teardown: 0, 'kill-idle': 1, 'kill-orphan': 2 } as const;

/**
 * Pure: from one snapshot, the previous state, the configuration and the time, computes every
 * candidate action (see {@link PlannedAction}) and the next state. Sessions are matched to agents
 * only by label (the registry's `nonce`), never by name. Unlabelled sessions are never
 * candidates. Deterministic: oldest condition first within each kind.
 *
 * @example
 * ```ts
 * const { candidates, state } = plan(snapshot, emptyReaperState(), parseReaperConfig({ root }), Date.now());
 * const { actions, held } = gate(candidates, snapshot, config, Date.now());
 * ```
 */
export function plan(
  snapshot: ReaperSnapshot,
  state: ReaperState,
  config: Pick<ReaperConfig, 'inactiveAfterMs'>,
  now: number,
): PlanResult {
  const byLabel = new Map<string, SessionView>();
  for (const session of snapshot.sessions) if (session.label) byLabel.set(session.label, session);
  const candidates: PlannedAction[] = [];
  const notes: string[] = [];
  const next: ReaperState = { version: 1, orphanSeen: {}, terminalSeen: {} };
  const known = new Set<string>();
  for (const view of snapshot.registries) {
    if (view.state === 'unknown')
      notes.push(`registry of ${view.task} unknown: ${view.error?.message}`);
    for (const agent of view.agents) {
      if (agent.nonce !== undefined) known.add(agent.nonce);
      if (!agent.validId) {
        notes.push(`invalid agent id in ${view.task}: ${JSON.stringify(agent.id.slice(0, 80))}`);
        continue;
      }
      const session = agent.nonce === undefined ? undefined : byLabel.get(agent.nonce);
      const processes =
        agent.nonce === undefined ? 0 : (snapshot.markedProcesses[agent.nonce] ?? 0);
      if (agent.terminal) {
        if (!session && processes === 0 && !agent.leftoverFiles) continue;
        const key = `${agent.task}/${agent.id}/${agent.nonce ?? ''}`;
        const since = agent.endedAtMs ?? state.terminalSeen[key] ?? now;
        next.terminalSeen[key] = since;
        candidates.push(agentAction('teardown', agent, session, since, `status ${agent.status}`));
      } else if (session && agent.logMtimeMs !== undefined) {
        const lastSign = Math.max(view.mtimeMs ?? now, session.activityMs, agent.logMtimeMs);
        if (now - lastSign >= config.inactiveAfterMs) {
          const reason = `idle since ${new Date(lastSign).toISOString()}`;
          candidates.push(agentAction('kill-idle', agent, session, lastSign, reason));
        }
      }
    }
  }
  const complete = snapshot.registries.every((view) => view.state !== 'unknown');
  for (const session of snapshot.sessions) {
    if (!session.label || known.has(session.label)) continue;
    const key = `${session.sessionId}/${session.label}`;
    const seen = state.orphanSeen[key];
    // An observation with an unreadable registry, or a live creator (perhaps about to register
    // it, perhaps working in another root), proves no abandonment: it starts or keeps no clock.
    const since = session.ownerAlive ? undefined : (seen ?? (complete ? now : undefined));
    if (since !== undefined) next.orphanSeen[key] = since;
    candidates.push({
      kind: 'kill-orphan',
      reason: 'label in no registry',
      sessionId: session.sessionId,
      sessionName: session.sessionName,
      label: session.label,
      sinceMs: since ?? now,
      killsSession: true,
    });
  }
  candidates.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.sinceMs - b.sinceMs);
  return { candidates, state: next, notes };
}

function agentAction(
  kind: 'teardown' | 'kill-idle',
  agent: SnapshotAgent,
  session: SessionView | undefined,
  sinceMs: number,
  reason: string,
): PlannedAction {
  return {
    kind,
    reason,
    task: agent.task,
    agentId: agent.id,
    ...(agent.nonce === undefined ? {} : { label: agent.nonce }),
    ...(session ? { sessionId: session.sessionId, sessionName: session.sessionName } : {}),
    sinceMs,
    killsSession: session !== undefined,
  };
}
