import { isLeakproofError } from '../errors/leakproof-error.js';
import type { ParsedTmuxClientOptions } from './tmux-client-options.js';
import { TmuxCommandError, TmuxNotInstalledError, TmuxTimeoutError } from './tmux-errors.js';
import type { TmuxExecResult } from './tmux-exec.js';

/** Grace on top of `timeoutMs` for the exec to report its own timeout first. */
const RACE_MARGIN_MS = 100;

/**
 * Runs tmux once through the configured `exec`, bounded by `timeoutMs` even when an injected exec
 * never settles; anything thrown becomes a typed tmux error.
 *
 * @example
 * ```ts
 * const { exitCode, stdout } = await execBounded(options, ['-V']);
 * ```
 */
export async function execBounded(
  options: ParsedTmuxClientOptions,
  args: readonly string[],
): Promise<TmuxExecResult> {
  const { exec, tmuxPath: file, env, timeoutMs } = options;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new TmuxTimeoutError(`tmux did not finish within ${timeoutMs} ms`, { args }));
    }, timeoutMs + RACE_MARGIN_MS);
  });
  try {
    return await Promise.race([
      exec({ file, args, env, timeoutMs, signal: controller.signal }),
      timedOut,
    ]);
  } catch (error) {
    throw wrapExecError(error, file, args);
  } finally {
    clearTimeout(timer);
  }
}

function wrapExecError(error: unknown, file: string, args: readonly string[]): Error {
  if (isLeakproofError(error)) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'EACCES') {
    return new TmuxNotInstalledError(`Cannot run tmux at ${file} (${code})`, {
      args,
      cause: error,
    });
  }
  return new TmuxCommandError(`Running tmux failed: ${String(error)}`, { args, cause: error });
}
