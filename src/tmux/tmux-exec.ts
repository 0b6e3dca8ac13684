import { execa } from 'execa';
import { TmuxNotInstalledError, TmuxTimeoutError } from './tmux-errors.js';

/**
 * One tmux invocation as {@link TmuxExec} receives it.
 *
 * @example
 * ```ts
 * const request: TmuxExecRequest = { file: 'tmux', args, env, timeoutMs: 5_000, signal };
 * ```
 */
export interface TmuxExecRequest {
  /** The tmux binary. */
  readonly file: string;
  /** Complete argv after the binary, socket flags included. */
  readonly args: readonly string[];
  /** The whole environment of the subprocess (not merged with `process.env`). */
  readonly env: Readonly<Record<string, string>>;
  /** Kill tmux after this long. */
  readonly timeoutMs: number;
  /** Aborted when the client gives up on the call. */
  readonly signal: AbortSignal;
}

/**
 * What a finished tmux process produced; a non-zero `exitCode` is a result, not an exception.
 *
 * @example
 * ```ts
 * const result: TmuxExecResult = { exitCode: 1, stdout: '', stderr: 'no server running on …' };
 * ```
 */
export interface TmuxExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs tmux. Injectable in {@link TmuxClientOptions} so tests can simulate a hung tmux, garbage
 * output or a server that exits mid-call. It may reject with an error whose `code` is `ENOENT`
 * (binary missing); {@link TmuxClient} classifies everything else from the result.
 *
 * @example
 * ```ts
 * const exec: TmuxExec = async (request) =>
 *   request.args.includes('list-panes') ? { exitCode: 0, stdout: 'garbage\n', stderr: '' }
 *     : defaultTmuxExec(request);
 * ```
 */
export type TmuxExec = (request: TmuxExecRequest) => Promise<TmuxExecResult>;

/**
 * Runs tmux with execa: an argv array, never a shell, killed after `timeoutMs`.
 *
 * @throws {@link TmuxNotInstalledError} when the binary cannot be executed.
 * @throws {@link TmuxTimeoutError} when tmux did not finish in time.
 * @example
 * ```ts
 * const client = new TmuxClient({ exec: defaultTmuxExec });
 * ```
 */
export const defaultTmuxExec: TmuxExec = async (request) => {
  const result = await execa(request.file, request.args, {
    env: request.env,
    extendEnv: false,
    timeout: request.timeoutMs,
    cancelSignal: request.signal,
    forceKillAfterDelay: 1_000,
    reject: false,
    stdin: 'ignore',
    stripFinalNewline: false,
  });
  if (result.timedOut || result.isCanceled) {
    throw new TmuxTimeoutError(`tmux did not finish within ${request.timeoutMs} ms`, {
      args: request.args,
      cause: result,
    });
  }
  if (result.exitCode === undefined) {
    const cause = result.cause ?? result;
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES') {
      throw new TmuxNotInstalledError(`Cannot run tmux at ${request.file} (${code})`, { cause });
    }
    return {
      exitCode: -1,
      stdout: text(result.stdout),
      stderr: text(result.stderr) || text(result.message),
    };
  }
  return { exitCode: result.exitCode, stdout: text(result.stdout), stderr: text(result.stderr) };
};

function text(output: unknown): string {
  return typeof output === 'string' ? output : '';
}
