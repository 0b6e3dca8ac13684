import { delay } from '../internal/delay.js';
import { readStartTime } from '../proc/process-identity.js';
import { escapeFormat, type TmuxCommand } from '../tmux/tmux-argv.js';
import { TmuxOutputError, TmuxTargetNotFoundError } from '../tmux/tmux-errors.js';
import {
  LEAKPROOF_ID_OPTION,
  LEAKPROOF_OWNER_OPTION,
  SESSION_MARKER_ENV,
} from '../tmux/tmux-labels.js';
import { sessionOwner } from './session-owner.js';
import type { ParsedTmuxSessionOptions } from './tmux-session-options.js';

/** What a successful start produced (the handle minus its disposer). */
export interface StartedSession {
  readonly sessionId: string;
  readonly paneId: string;
  readonly panePid: number;
  readonly panePidStartTime: number;
}

/** Why a started command did not stay up. */
export interface StartupFailure {
  readonly exitStatus: number | undefined;
  readonly output: string;
}

const SEP = '\x1f';

/**
 * Creates the session and labels it in one tmux call: `new-session` with the marker in its
 * environment, then `remain-on-exit on` (so an instant exit leaves a dead pane to inspect) and
 * the `@leakproof_id`/`@leakproof_owner` labels, all targeting the new session by exact name.
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

/**
 * Waits `startupCheckMs`, then asks tmux (one call) whether the pane is dead, what it showed,
 * and turns `remain-on-exit` back off. Returns the failure, or the leader's start time.
 */
export async function checkStartup(
  opts: ParsedTmuxSessionOptions,
  created: Omit<StartedSession, 'panePidStartTime'>,
  signal: AbortSignal,
): Promise<StartupFailure | number> {
  // Read before waiting: the pid is only meaningful while the pane is alive.
  const startTime = await readStartTime(created.panePid, opts.procReader);
  await delay(opts.startupCheckMs, signal);
  let stdout: string;
  try {
    stdout = await opts.client.run([
      ['display-message', '-p', '-t', created.paneId, `#{pane_dead}${SEP}#{pane_dead_status}`],
      ['capture-pane', '-p', '-J', '-t', created.paneId, '-S', '-40'],
      ['set-option', '-w', '-t', created.paneId, 'remain-on-exit', 'off'],
    ]);
  } catch (error) {
    if (error instanceof TmuxTargetNotFoundError) return { exitStatus: undefined, output: '' };
    throw error;
  }
  const [status = '', ...screen] = stdout.split('\n');
  const [dead, exitStatus] = status.split(SEP);
  if (dead === '1' || startTime === undefined) {
    return {
      exitStatus: exitStatus ? Number(exitStatus) : undefined,
      output: lastOutput(screen),
    };
  }
  return startTime;
}

/** The pane's text without tmux's "Pane is dead" banner and trailing blank lines. */
function lastOutput(screen: readonly string[]): string {
  const lines = screen.filter((line) => !/^Pane is dead \(/.test(line));
  while (lines.length > 0 && (lines.at(-1) ?? '').trim() === '') lines.pop();
  return lines.join('\n');
}
