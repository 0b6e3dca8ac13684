import { LeakproofError } from '../errors/leakproof-error.js';

/**
 * The session's command did not stay up for `startupCheckMs` (not found, crashed, exited), or the
 * start was aborted. The session and every process it started have been removed.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof TmuxSessionStartError) console.error(error.exitStatus, error.output);
 * }
 * ```
 */
export class TmuxSessionStartError extends LeakproofError<'SESSION_START_FAILED'> {
  /** The command's exit status, when it exited (tmux reports 1 when it could not be executed). */
  readonly exitStatus: number | undefined;
  /** The last lines the pane showed. */
  readonly output: string;

  constructor(
    name: string,
    details: { exitStatus: number | undefined; output: string; reason?: string; cause?: unknown },
  ) {
    const why =
      details.reason ??
      (details.exitStatus === undefined
        ? 'exited at once'
        : `exited at once with status ${details.exitStatus}`);
    const shown = details.output === '' ? '(no output)' : details.output;
    super(
      'SESSION_START_FAILED',
      `The command of tmux session "${name}" ${why}. Output:\n${shown}`,
      'cause' in details ? { cause: details.cause } : {},
    );
    this.exitStatus = details.exitStatus;
    this.output = details.output;
  }
}
TmuxSessionStartError.prototype.name = 'TmuxSessionStartError';

/**
 * A release could not confirm that the session and its processes are gone.
 *
 * @example
 * ```ts
 * if (error instanceof TmuxSessionReleaseError) console.error(error.remainingPids);
 * ```
 */
export class TmuxSessionReleaseError extends LeakproofError<'SESSION_RELEASE_INCOMPLETE'> {
  /** Processes still carrying the session's marker. */
  readonly remainingPids: readonly number[];
  /** Whether a session labelled with the uuid is still on the server. */
  readonly sessionRemains: boolean;

  constructor(
    name: string,
    details: { remainingPids: readonly number[]; sessionRemains: boolean; cause?: unknown },
  ) {
    const what = [
      details.sessionRemains ? 'the session' : '',
      details.remainingPids.length > 0 ? `processes ${details.remainingPids.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    super(
      'SESSION_RELEASE_INCOMPLETE',
      what === ''
        ? `Release of tmux session "${name}" could not finish`
        : `Release of tmux session "${name}" left ${what} behind`,
      'cause' in details ? { cause: details.cause } : {},
    );
    this.remainingPids = details.remainingPids;
    this.sessionRemains = details.sessionRemains;
  }
}
TmuxSessionReleaseError.prototype.name = 'TmuxSessionReleaseError';
