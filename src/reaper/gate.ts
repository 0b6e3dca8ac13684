import type { HeldAction, HoldReason, PlannedAction } from './planned-action.js';
import { globMatcher } from './protect-glob.js';
import type { ReaperConfig } from './reaper-config.js';
import type { ReaperSnapshot } from './reaper-snapshot.js';

/**
 * The gated plan: what a real run executes, in order, and what was held back.
 *
 * @example
 * ```ts
 * const { actions, held } = gate(candidates, snapshot, config, now);
 * ```
 */
export interface GatedPlan {
  readonly actions: readonly PlannedAction[];
  readonly held: readonly HeldAction[];
}

/**
 * Pure: applies the safety gates to {@link plan}'s candidates, in this order — protect globs
 * (session name, agent id, task), the grace after a terminal status, the orphan rule (two
 * observations at least `orphanGraceMs` apart, none while a registry is unknown or while the
 * session's creator still runs), `warn` modes, the circuit breaker and `maxActions`. The
 * breaker holds every idle and orphan kill when more than half of the labelled sessions (and at
 * least `breakerMinKills`) would die of them: those kills rest on inference (clocks, absence)
 * that a misread could make wholesale. Teardowns of agents their registry marks terminal are
 * not held by it, or a finished batch would never be cleaned up.
 *
 * @example
 * ```ts
 * const { actions } = gate(plan(snapshot, state, config, now).candidates, snapshot, config, now);
 * ```
 */
export function gate(
  candidates: readonly PlannedAction[],
  snapshot: ReaperSnapshot,
  config: ReaperConfig,
  now: number,
): GatedPlan {
  const isProtected = globMatcher(config.protect);
  const complete = snapshot.registries.every((view) => view.state !== 'unknown');
  const ownerAlive = new Set(snapshot.sessions.filter((s) => s.ownerAlive).map((s) => s.sessionId));
  const held: HeldAction[] = [];
  let passing: PlannedAction[] = [];
  for (const action of candidates) {
    const reason = holdReason(action, config, { complete, ownerAlive, now, isProtected });
    if (reason) held.push({ action, reason });
    else passing.push(action);
  }
  const labelled = snapshot.sessions.filter((session) => session.label).length;
  const kills = passing.filter(isInferredKill).length;
  if (kills >= config.breakerMinKills && kills > labelled / 2) {
    for (const action of passing) {
      if (isInferredKill(action)) held.push({ action, reason: 'circuit-breaker' });
    }
    passing = passing.filter((action) => !isInferredKill(action));
  }
  for (const action of passing.slice(config.maxActions))
    held.push({ action, reason: 'max-actions' });
  return { actions: passing.slice(0, config.maxActions), held };
}

/** A session kill justified by clocks or absence, not by a terminal status in a registry. */
function isInferredKill(action: PlannedAction): boolean {
  return action.killsSession && action.kind !== 'teardown';
}

function holdReason(
  action: PlannedAction,
  config: ReaperConfig,
  facts: {
    readonly complete: boolean;
    readonly ownerAlive: ReadonlySet<string>;
    readonly now: number;
    readonly isProtected: (name: string) => boolean;
  },
): HoldReason | undefined {
  const { complete, ownerAlive, now, isProtected } = facts;
  const names = [action.sessionName, action.agentId, action.task];
  if (names.some((name) => name !== undefined && isProtected(name))) return 'protected';
  if (action.kind === 'teardown') {
    return now - action.sinceMs < config.terminalGraceMs ? 'terminal-grace' : undefined;
  }
  if (action.kind === 'kill-orphan') {
    if (ownerAlive.has(action.sessionId ?? '')) return 'owner-alive';
    if (!complete) return 'registry-unknown';
    if (action.sinceMs >= now) return 'first-observation';
    if (now - action.sinceMs < config.orphanGraceMs) return 'orphan-grace';
    return config.orphanMode === 'warn' ? 'warn-mode' : undefined;
  }
  return config.idleMode === 'warn' ? 'warn-mode' : undefined;
}
