import { TmuxOutputError } from './tmux-errors.js';
import { LEAKPROOF_ID_OPTION, LEAKPROOF_OWNER_OPTION } from './tmux-labels.js';

/**
 * One pane of a tmux server, as {@link TmuxClient.snapshot} reports it.
 *
 * @example
 * ```ts
 * const idle = Date.now() - pane.windowActivityMs;
 * ```
 */
export interface TmuxPane {
  /** `$3`. */
  readonly sessionId: string;
  readonly sessionName: string;
  /** When the session was created, ms since the epoch (tmux has 1 s resolution). */
  readonly sessionCreatedMs: number;
  /** `@4`. */
  readonly windowId: string;
  /** Last activity of the window, ms since the epoch (`session_activity` stays put while detached). */
  readonly windowActivityMs: number;
  /** `%5`. */
  readonly paneId: string;
  /** The pid of the pane's command (stale once the pane is dead). */
  readonly panePid: number;
  /** The command exited and the pane is kept by `remain-on-exit`. */
  readonly paneDead: boolean;
  /** Exit status of a dead pane's command, when it exited normally. */
  readonly paneDeadStatus: number | undefined;
  /** The session's `@leakproof_id` label, if any. */
  readonly leakproofId: string | undefined;
  /** The session's `@leakproof_owner` label, if any. */
  readonly owner: string | undefined;
}

/**
 * Every pane of a tmux server at one instant (one `list-panes -a` call).
 *
 * @example
 * ```ts
 * const { serverPid, panes } = await client.snapshot();
 * ```
 */
export interface TmuxSnapshot {
  /** The tmux server's pid, or `undefined` when no server runs (then `panes` is empty). */
  readonly serverPid: number | undefined;
  readonly panes: readonly TmuxPane[];
}

/** Separates fields: session names are escaped by tmux, so they never contain it. */
const SEP = '\x1f';
const FIELDS = [
  'pid',
  'session_id',
  'session_name',
  'session_created',
  'window_id',
  'window_activity',
  'pane_id',
  'pane_pid',
  'pane_dead',
  'pane_dead_status',
  LEAKPROOF_ID_OPTION,
  LEAKPROOF_OWNER_OPTION,
] as const;

/**
 * The `-F` format of the snapshot's `list-panes -a` call.
 *
 * @example
 * ```ts
 * await client.run([['list-panes', '-a', '-F', SNAPSHOT_FORMAT]]);
 * ```
 */
export const SNAPSHOT_FORMAT = FIELDS.map((field) => `#{${field}}`).join(SEP);

/**
 * Parses the output of `list-panes -a -F SNAPSHOT_FORMAT`.
 *
 * @throws {@link TmuxOutputError} on a line that does not have the expected fields.
 *
 * @example
 * ```ts
 * const { serverPid, panes } = parseSnapshot(stdout);
 * ```
 */
export function parseSnapshot(stdout: string): TmuxSnapshot {
  const panes: TmuxPane[] = [];
  let serverPid: number | undefined;
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    const f = line.split(SEP);
    if (f.length !== FIELDS.length) throw badLine(line, `${f.length} fields`);
    const [pid, sessionId, sessionName, created, windowId, activity, paneId, panePid, dead] = f;
    const [deadStatus, leakproofId, owner] = f.slice(9);
    if (!/^\$\d+$/.test(sessionId ?? '') || !/^@\d+$/.test(windowId ?? '')) {
      throw badLine(line, 'ids');
    }
    if (!/^%\d+$/.test(paneId ?? '') || !/^[01]$/.test(dead ?? '')) throw badLine(line, 'pane');
    serverPid = integer(pid, line);
    panes.push({
      sessionId: sessionId as string,
      sessionName: sessionName ?? '',
      sessionCreatedMs: integer(created, line) * 1000,
      windowId: windowId as string,
      windowActivityMs: integer(activity, line) * 1000,
      paneId: paneId as string,
      panePid: integer(panePid, line),
      paneDead: dead === '1',
      paneDeadStatus: deadStatus ? integer(deadStatus, line) : undefined,
      leakproofId: leakproofId || undefined,
      owner: owner || undefined,
    });
  }
  return { serverPid, panes };
}

function integer(text: string | undefined, line: string): number {
  if (text === undefined || !/^\d+$/.test(text)) throw badLine(line, `number ${text}`);
  return Number(text);
}

function badLine(line: string, what: string): TmuxOutputError {
  return new TmuxOutputError(
    `Unexpected tmux list-panes output (${what}): ${JSON.stringify(line.slice(0, 200))}`,
  );
}
