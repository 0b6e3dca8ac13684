import { TmuxCommandTooLongError } from './tmux-errors.js';

/**
 * One tmux command as argv, e.g. `['kill-session', '-t', '$3']`.
 *
 * @example
 * ```ts
 * const kill: TmuxCommand = ['kill-session', '-t', '$3'];
 * ```
 */
export type TmuxCommand = readonly string[];

/**
 * Most bytes of packed arguments one tmux call may carry. tmux's own limit is one 16 KiB imsg
 * (≈16,364 bytes of `arg\0` after the header on 3.3a); the margin absorbs other builds.
 *
 * @example
 * ```ts
 * if (packedBytes(argv) > MAX_COMMAND_BYTES) split(argv);
 * ```
 */
export const MAX_COMMAND_BYTES = 16 * 1024 - 512;

/**
 * Escapes an argument so tmux passes it on verbatim: tmux treats a trailing `;` as the end of a
 * command even in execve arguments, and turns a trailing `\;` into a literal `;`.
 *
 * @example
 * ```ts
 * escapeArgument('echo a;'); // 'echo a\\;' — tmux turns it back into 'echo a;'
 * ```
 */
export function escapeArgument(arg: string): string {
  return arg.endsWith(';') ? `${arg.slice(0, -1)}\\;` : arg;
}

/**
 * Escapes `#` for arguments tmux expands as formats (`-c`, `-F`-less names): `#` → `##`.
 *
 * @example
 * ```ts
 * escapeFormat('/work/#1'); // '/work/##1'
 * ```
 */
export function escapeFormat(text: string): string {
  return text.replaceAll('#', '##');
}

/**
 * How many bytes tmux needs to send `args` to its server.
 *
 * @example
 * ```ts
 * packedBytes(['kill-session', '-t', '$3']); // 19
 * ```
 */
export function packedBytes(args: readonly string[]): number {
  let total = 0;
  for (const arg of args) total += Buffer.byteLength(arg) + 1;
  return total;
}

/**
 * Joins commands into one argv with standalone `;` separators, each argument escaped.
 *
 * @example
 * ```ts
 * joinCommands([['kill-session', '-t', '$1'], ['kill-session', '-t', '$2']]);
 * // ['kill-session', '-t', '$1', ';', 'kill-session', '-t', '$2']
 * ```
 */
export function joinCommands(commands: readonly TmuxCommand[]): string[] {
  const argv: string[] = [];
  for (const command of commands) {
    if (argv.length > 0) argv.push(';');
    for (const arg of command) argv.push(escapeArgument(arg));
  }
  return argv;
}

/**
 * Splits commands into as few argvs as fit under `maxBytes` each, keeping their order.
 *
 * @throws {@link TmuxCommandTooLongError} when one command alone is too long.
 *
 * @example
 * ```ts
 * for (const argv of batchCommands(kills)) await exec(argv); // each under 16 KiB
 * ```
 */
export function batchCommands(
  commands: readonly TmuxCommand[],
  maxBytes: number = MAX_COMMAND_BYTES,
): string[][] {
  const batches: string[][] = [];
  let current: TmuxCommand[] = [];
  let size = 0;
  for (const command of commands) {
    const bytes = packedBytes(joinCommands([command]));
    if (bytes > maxBytes) {
      throw new TmuxCommandTooLongError(
        `The tmux command ${command[0] ?? ''} needs ${bytes} bytes; tmux accepts at most ${maxBytes}`,
        { args: command },
      );
    }
    // A separator (";\0") joins this command to the batch.
    if (current.length > 0 && size + 2 + bytes > maxBytes) {
      batches.push(joinCommands(current));
      current = [];
      size = 0;
    }
    size += (current.length > 0 ? 2 : 0) + bytes;
    current.push(command);
  }
  if (current.length > 0) batches.push(joinCommands(current));
  return batches;
}
