import type { TmuxSocket } from '../tmux/tmux-client-options.js';

/**
 * A running tmux session acquired by {@link tmuxSession}. Disposing it releases it (the same
 * release a scope would run; repeating it is harmless).
 *
 * @example
 * ```ts
 * // Committed, so the scope keeps it; the handle itself stops it at block exit.
 * await using agent = await ResourceScope.run((scope) =>
 *   scope.acquire(tmuxSession({ name, command, cwd })),
 * );
 * console.log(agent.sessionId, agent.panePid);
 * ```
 */
export interface TmuxSessionHandle extends AsyncDisposable {
  /** The session name. */
  readonly name: string;
  /** The `@leakproof_id` label and `LEAKPROOF_SESSION` marker of this session. */
  readonly uuid: string;
  /** The server the session runs on. */
  readonly socket: TmuxSocket;
  /** tmux's id for the session, e.g. `$3`: every later command targets this. */
  readonly sessionId: string;
  /** The pane running the command, e.g. `%5`. */
  readonly paneId: string;
  /** The command's pid. */
  readonly panePid: number;
  /** The command's start time (clock ticks since boot): with `panePid`, its identity. */
  readonly panePidStartTime: number;
}
