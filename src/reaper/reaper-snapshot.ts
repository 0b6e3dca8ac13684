import type { ProcessTable } from '../proc/process-table.js';
import type { SerializedError } from '../scope/rollback-report.js';
import { SESSION_MARKER_ENV } from '../tmux/tmux-labels.js';
import type { TmuxPane, TmuxSnapshot } from '../tmux/tmux-snapshot.js';

/**
 * One agent record as the reaper saw it.
 *
 * @example
 * ```ts
 * const agent: SnapshotAgent = { task: 'TASK-1', id: 'a1', validId: true, status: 'running', terminal: false };
 * ```
 */
export interface SnapshotAgent {
  readonly task: string;
  readonly id: string;
  /** Whether `id` matches the strict id pattern; invalid ones are reported, never acted on. */
  readonly validId: boolean;
  readonly status: string;
  readonly terminal: boolean;
  /** The session label (`@leakproof_id`, `LEAKPROOF_SESSION`), when the record has one. */
  readonly nonce?: string;
  readonly tmuxSession?: string;
  /** `ended_at`, ms since the epoch, when present and parseable. */
  readonly endedAtMs?: number;
  /** Newest mtime of its logs; read only when its other clocks already call it idle. */
  readonly logMtimeMs?: number;
  /** A terminal agent whose prompt file or logs are still in place. */
  readonly leftoverFiles?: boolean;
}

/**
 * One task registry: `ok` (parsed), `missing` (no file: no agents), or `unknown` (unreadable,
 * corrupt, a symlink, too large) — never treated as "no agents".
 *
 * @example
 * ```ts
 * if (view.state === 'unknown') console.warn(view.task, view.error?.message);
 * ```
 */
export interface RegistryView {
  readonly task: string;
  readonly state: 'ok' | 'missing' | 'unknown';
  /** The file's mtime (its last update), when it exists. */
  readonly mtimeMs?: number;
  readonly agents: readonly SnapshotAgent[];
  readonly error?: SerializedError;
}

/**
 * One tmux session, folded from its panes.
 *
 * @example
 * ```ts
 * const idleFor = now - session.activityMs;
 * ```
 */
export interface SessionView {
  readonly sessionId: string;
  readonly sessionName: string;
  readonly label?: string;
  /** The newest `window_activity` of its windows (never `session_activity`). */
  readonly activityMs: number;
  /** Its `@leakproof_owner` (the creating process) is still running: never an orphan. */
  readonly ownerAlive?: boolean;
}

/**
 * Everything one iteration knows: every registry, one tmux `list-panes -a`, one /proc scan.
 * Plain JSON, so `plan()` over it is pure and reproducible.
 *
 * @example
 * ```ts
 * const { registries, sessions, markedProcesses } = snapshot;
 * ```
 */
export interface ReaperSnapshot {
  readonly takenAtMs: number;
  readonly registries: readonly RegistryView[];
  readonly sessions: readonly SessionView[];
  /** The tmux server's pid (never signalled), when a server runs. */
  readonly serverPid?: number;
  /** Live processes per `LEAKPROOF_SESSION` marker value. */
  readonly markedProcesses: Readonly<Record<string, number>>;
}

/**
 * Folds a tmux snapshot's panes into sessions; `ownerAlive` tells which `@leakproof_owner`
 * labels name a running process.
 *
 * @example
 * ```ts
 * const sessions = sessionsOf(await client.snapshot(), ownerLiveness(table, bootId));
 * ```
 */
export function sessionsOf(
  snapshot: TmuxSnapshot,
  ownerAlive: (owner: string) => boolean = () => false,
): SessionView[] {
  const byId = new Map<string, SessionView>();
  for (const pane of snapshot.panes) {
    const seen = byId.get(pane.sessionId);
    if (!seen || seen.activityMs < pane.windowActivityMs) {
      byId.set(pane.sessionId, viewOf(pane, ownerAlive));
    }
  }
  return [...byId.values()];
}

/**
 * Whether an `@leakproof_owner` label (`<bootId>/<pid>/<startTime>`) names a process of this
 * boot that is in `table` with that start time.
 *
 * @example
 * ```ts
 * const alive = ownerLiveness(await scanProcesses(), await readBootId());
 * ```
 */
export function ownerLiveness(table: ProcessTable, bootId: string): (owner: string) => boolean {
  return (owner) => {
    const [boot, pid, startTime] = owner.split('/');
    return boot === bootId && table.get(Number(pid))?.startTime === Number(startTime);
  };
}

function viewOf(pane: TmuxPane, ownerAlive: (owner: string) => boolean): SessionView {
  return {
    sessionId: pane.sessionId,
    sessionName: pane.sessionName,
    activityMs: pane.windowActivityMs,
    ...(pane.leakproofId ? { label: pane.leakproofId } : {}),
    ...(pane.owner && ownerAlive(pane.owner) ? { ownerAlive: true } : {}),
  };
}

/**
 * Counts live processes per marker value of a /proc scan made with
 * `markerName: SESSION_MARKER_ENV`.
 *
 * @example
 * ```ts
 * markerCounts(await scanProcesses({ markerName: SESSION_MARKER_ENV }));
 * ```
 */
export function markerCounts(table: ProcessTable): Record<string, number> {
  const counts: Record<string, number> = Object.create(null);
  for (const entry of table.values()) {
    if (entry.marker !== undefined) counts[entry.marker] = (counts[entry.marker] ?? 0) + 1;
  }
  return counts;
}

/**
 * The marker variable the reaper's /proc scan reads.
 *
 * @example
 * ```ts
 * await scanProcesses({ markerName: MARKER_NAME });
 * ```
 */
export const MARKER_NAME = SESSION_MARKER_ENV;
