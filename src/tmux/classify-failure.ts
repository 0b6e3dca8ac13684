import {
  TmuxCommandError,
  TmuxCommandTooLongError,
  TmuxDuplicateSessionError,
  type TmuxError,
  TmuxNoServerError,
  TmuxServerExitedError,
  TmuxTargetNotFoundError,
} from './tmux-errors.js';
import type { TmuxExecResult } from './tmux-exec.js';

type Classifier = (
  message: string,
  details: { args: readonly string[]; stderr: string },
) => TmuxError;

/** stderr patterns of tmux 3.2–3.5, most specific first. */
const RULES: ReadonlyArray<readonly [RegExp, Classifier]> = [
  [
    /^(no server running on |error connecting to .*\((No such file or directory|Connection refused)\))/m,
    (m, d) => new TmuxNoServerError(m, d),
  ],
  [/^(server exited unexpectedly|lost server)/m, (m, d) => new TmuxServerExitedError(m, d)],
  // "no current target": the server has no session left at all.
  [
    /^(can't find (session|window|pane)|no such (session|window|pane)|session not found|no current target)/m,
    (m, d) => new TmuxTargetNotFoundError(m, d),
  ],
  [/^duplicate session: /m, (m, d) => new TmuxDuplicateSessionError(m, d)],
  // Over ~16 KiB tmux refuses the command; just under, the imsg itself fails to send.
  [/^(command too long|failed to send command)/m, (m, d) => new TmuxCommandTooLongError(m, d)],
];

/**
 * Turns a failed tmux result into the typed error its stderr describes.
 *
 * @example
 * ```ts
 * classifyFailure({ exitCode: 1, stdout: '', stderr: 'duplicate session: a' }, args); // TmuxDuplicateSessionError
 * ```
 */
export function classifyFailure(result: TmuxExecResult, args: readonly string[]): TmuxError {
  const stderr = result.stderr.trim();
  const details = { args, stderr };
  const message = `tmux ${args.find((arg) => /^[a-z]+-[a-z-]+$/.test(arg)) ?? ''} failed (exit ${result.exitCode}): ${stderr || '(no stderr)'}`;
  for (const [pattern, make] of RULES) if (pattern.test(stderr)) return make(message, details);
  return new TmuxCommandError(message, details);
}
