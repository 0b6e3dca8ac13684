import { escapeFormat, type TmuxCommand } from '../tmux/tmux-argv.js';
import { TmuxOutputError } from '../tmux/tmux-errors.js';
import {
  LEAKPROOF_ID_OPTION,
  LEAKPROOF_OWNER_OPTION,
  SESSION_MARKER_ENV,
} from '../tmux/tmux-labels.js';
import { sessionOwner } from './session-owner.js';
import type { ParsedTmuxSessionOptions } from './tmux-session-options.js';

/**
 * What a successful start produced (the handle minus its disposer).
 *
 * @example
 * ```ts
 * const { sessionId, paneId, panePid } = await createSession(opts, uuid);
 * ```
 */
export interface StartedSession {
  readonly sessionId: string;
  readonly paneId: string;
  readonly panePid: number;
  readonly panePidStartTime: number;
}

const SEP = '\x1f';

/**
 * Creates the session and labels it in one tmux call: `new-session` with the marker in its
 * environment, then `remain-on-exit on` (so an instant exit leaves a dead pane to inspect) and
 * the `@leakproof_id`/`@leakproof_owner` labels, all targeting the new session by exact name.
 *
 * @example
 * ```ts
 * const created = await createSession(opts, randomUUID());
 * ```
 */
export async function createSession(
  opts: ParsedTmuxSessionOptions,
  uuid: string,
): Promise<Omit<StartedSession, 'panePidStartTime'>> {
  const owner = await sessionOwner();
  const exact = `=${opts.name}:`;
  const env = Object.entries({ ...opts.env, [SESSION_MARKER_ENV]: uuid });
  const commands: TmuxCommand[] = [
    [
      'new-session',
      '-d',
      '-P',
      '-F',
      `#{session_id}${SEP}#{pane_id}${SEP}#{pane_pid}`,
      '-s',
      opts.name,
      '-c',
      escapeFormat(opts.cwd),
      ...env.flatMap(([key, value]) => ['-e', `${key}=${value}`]),
      '--',
      ...opts.command,
    ],
    ['set-option', '-w', '-t', exact, 'remain-on-exit', 'on'],
    ['set-option', '-t', exact, LEAKPROOF_ID_OPTION, uuid],
    ['set-option', '-t', exact, LEAKPROOF_OWNER_OPTION, owner],
  ];
  const stdout = await opts.client.run(commands);
  const [sessionId, paneId, pid] = (stdout.split('\n')[0] ?? '').split(SEP);
  if (
    !/^\$\d+$/.test(sessionId ?? '') ||
    !/^%\d+$/.test(paneId ?? '') ||
    !/^\d+$/.test(pid ?? '')
  ) {
    throw new TmuxOutputError(`Unexpected new-session output: ${JSON.stringify(stdout)}`);
  }
  return { sessionId: sessionId as string, paneId: paneId as string, panePid: Number(pid) };
}
