import { delay } from '../internal/delay.js';
import {
  isAlive,
  type ProcessIdentity,
  readStartTime,
  readZombieExitStatus,
} from '../proc/process-identity.js';
import type { TmuxCommand } from '../tmux/tmux-argv.js';
import { TmuxTargetNotFoundError } from '../tmux/tmux-errors.js';
import type { StartedSession } from './start-session.js';
import type { ParsedTmuxSessionOptions } from './tmux-session-options.js';

/**
 * Why a started command did not stay up.
 *
 * @example
 * ```ts
 * const failure: StartupFailure = { exitStatus: 42, output: 'fatal: bad flag' };
 * ```
 */
export interface StartupFailure {
  readonly exitStatus: number | undefined;
  readonly output: string;
}

/** What tmux said about the pane. */
interface PaneState {
  readonly dead: boolean;
  readonly exitStatus: number | undefined;
  readonly output: string;
}

const SEP = '\x1f';
/**
 * tmux marks a pane dead when its pty closes and learns the exit status on SIGCHLD, a moment
 * later — or never: a Debian tmux built with libutempter can lose that SIGCHLD (tmux issue #311),
 * leaving the command a zombie whose status only /proc still has.
 */
const STATUS_POLLS = 15;
const STATUS_POLL_MS = 20;
const ALIVE_POLL_MS = 10;

/**
 * Waits `startupCheckMs` (less if the command exits sooner), then confirms the command is still
 * running. On success `remain-on-exit`
 * goes back off (in the same tmux call) and the leader's start time is returned; otherwise the
 * exit status and last output of the dead pane.
 *
 * @example
 * ```ts
 * const result = await checkStartup(opts, created, signal);
 * if (typeof result !== 'number') throw new TmuxSessionStartError(name, result);
 * ```
 */
export async function checkStartup(
  opts: ParsedTmuxSessionOptions,
  created: Omit<StartedSession, 'panePidStartTime'>,
  signal: AbortSignal,
): Promise<StartupFailure | number> {
  // Read before waiting: once the command exits, its pid means nothing.
  const startTime = await readStartTime(created.panePid, opts.procReader);
  if (startTime !== undefined) {
    await whileAlive({ pid: created.panePid, startTime }, opts, signal);
  }
  for (let poll = 0; ; poll++) {
    const running =
      startTime !== undefined &&
      (await isAlive({ pid: created.panePid, startTime }, opts.procReader));
    const state = await paneState(opts, created.paneId, running);
    if (state === undefined) return { exitStatus: undefined, output: '' };
    if (running && !state.dead) return startTime;
    const exitStatus =
      state.exitStatus ??
      (startTime === undefined
        ? undefined
        : await readZombieExitStatus({ pid: created.panePid, startTime }, opts.procReader));
    if ((state.dead && exitStatus !== undefined) || poll >= STATUS_POLLS) {
      return { exitStatus, output: state.output };
    }
    await delay(STATUS_POLL_MS);
  }
}

/** Waits `startupCheckMs`, ending early when the command exits (a cheap /proc read per tick). */
async function whileAlive(
  leader: ProcessIdentity,
  opts: ParsedTmuxSessionOptions,
  signal: AbortSignal,
): Promise<void> {
  const deadline = performance.now() + opts.startupCheckMs;
  for (let left = opts.startupCheckMs; left > 0 && !signal.aborted; ) {
    await delay(Math.min(ALIVE_POLL_MS, left), signal);
    if (!(await isAlive(leader, opts.procReader))) return;
    left = deadline - performance.now();
  }
}

/**
 * One tmux call: dead flag and status, the last 40 lines, and — only when the command looked
 * alive — `remain-on-exit off` for a pane that is still alive. Turning it off for a pane that is
 * dying would let tmux destroy it before its status is known. `undefined` when the pane is gone.
 */
async function paneState(
  opts: ParsedTmuxSessionOptions,
  paneId: string,
  running: boolean,
): Promise<PaneState | undefined> {
  const commands: TmuxCommand[] = [
    ['display-message', '-p', '-t', paneId, `#{pane_dead}${SEP}#{pane_dead_status}`],
    ['capture-pane', '-p', '-J', '-t', paneId, '-S', '-40'],
  ];
  if (running) {
    const off = `set-option -w -t '${paneId}' remain-on-exit off`;
    commands.push(['if-shell', '-F', '-t', paneId, '#{pane_dead}', '', off]);
  }
  let stdout: string;
  try {
    stdout = await opts.client.run(commands);
  } catch (error) {
    if (error instanceof TmuxTargetNotFoundError) return undefined;
    throw error;
  }
  const [status = '', ...screen] = stdout.split('\n');
  const [dead, exitStatus] = status.split(SEP);
  return {
    dead: dead === '1',
    exitStatus: exitStatus ? Number(exitStatus) : undefined,
    output: lastOutput(screen),
  };
}

/** The pane's text without tmux's "Pane is dead" banner and trailing blank lines. */
function lastOutput(screen: readonly string[]): string {
  const lines = screen.filter((line) => !/^Pane is dead \(/.test(line));
  while (lines.length > 0 && (lines.at(-1) ?? '').trim() === '') lines.pop();
  return lines.join('\n');
}
