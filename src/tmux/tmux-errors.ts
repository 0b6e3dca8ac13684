import { LeakproofError } from '../errors/leakproof-error.js';

/**
 * Details every tmux error carries: the tmux arguments (after the socket flags) and its stderr.
 *
 * @example
 * ```ts
 * new TmuxCommandError('tmux failed', { args: ['list-panes', '-a'], stderr: 'oops', cause });
 * ```
 */
export interface TmuxErrorDetails {
  readonly args?: readonly string[];
  readonly stderr?: string;
  readonly cause?: unknown;
}

/**
 * Base class of every error raised by {@link TmuxClient}.
 *
 * @example
 * ```ts
 * if (error instanceof TmuxError) console.error(error.code, error.stderr);
 * ```
 */
export class TmuxError<Code extends string = string> extends LeakproofError<Code> {
  /** The tmux arguments that failed (after `-f /dev/null` and the socket flag). */
  readonly args: readonly string[];
  /** What tmux wrote on stderr, trimmed. */
  readonly stderr: string;

  constructor(code: Code, message: string, details: TmuxErrorDetails = {}) {
    super(code, message, 'cause' in details ? { cause: details.cause } : {});
    this.args = details.args ?? [];
    this.stderr = details.stderr ?? '';
  }
}
TmuxError.prototype.name = 'TmuxError';

/**
 * No tmux server listens on the client's socket. {@link TmuxClient.snapshot} treats this as
 * "no sessions" and kills treat it as "already gone", so callers rarely see it.
 *
 * @example
 * ```ts
 * if (error instanceof TmuxNoServerError) return [];
 * ```
 */
export class TmuxNoServerError extends TmuxError<'TMUX_NO_SERVER'> {
  constructor(message: string, details?: TmuxErrorDetails) {
    super('TMUX_NO_SERVER', message, details);
  }
}
TmuxNoServerError.prototype.name = 'TmuxNoServerError';

/**
 * The target (`$id`, `%id` or `=name`) does not exist: for a kill this means "already gone".
 *
 * @example
 * ```ts
 * if (error instanceof TmuxTargetNotFoundError) return; // nothing to kill
 * ```
 */
export class TmuxTargetNotFoundError extends TmuxError<'TMUX_TARGET_NOT_FOUND'> {
  constructor(message: string, details?: TmuxErrorDetails) {
    super('TMUX_TARGET_NOT_FOUND', message, details);
  }
}
TmuxTargetNotFoundError.prototype.name = 'TmuxTargetNotFoundError';

/**
 * A session with that exact name already exists on this server.
 *
 * @example
 * ```ts
 * if (error instanceof TmuxDuplicateSessionError) name = `${name}-2`;
 * ```
 */
export class TmuxDuplicateSessionError extends TmuxError<'TMUX_DUPLICATE_SESSION'> {
  constructor(message: string, details?: TmuxErrorDetails) {
    super('TMUX_DUPLICATE_SESSION', message, details);
  }
}
TmuxDuplicateSessionError.prototype.name = 'TmuxDuplicateSessionError';

/**
 * The server went away while the command ran, every retry included (it typically exits when its
 * last session is killed just as another command connects).
 *
 * @example
 * ```ts
 * if (error instanceof TmuxServerExitedError) await client.snapshot(); // look again
 * ```
 */
export class TmuxServerExitedError extends TmuxError<'TMUX_SERVER_EXITED'> {
  constructor(message: string, details?: TmuxErrorDetails) {
    super('TMUX_SERVER_EXITED', message, details);
  }
}
TmuxServerExitedError.prototype.name = 'TmuxServerExitedError';

/**
 * tmux did not finish within the client's `timeoutMs`; the tmux process was killed.
 *
 * @example
 * ```ts
 * const client = new TmuxClient({ socketName: 'agents', timeoutMs: 2_000 });
 * ```
 */
export class TmuxTimeoutError extends TmuxError<'TMUX_TIMEOUT'> {
  constructor(message: string, details?: TmuxErrorDetails) {
    super('TMUX_TIMEOUT', message, details);
  }
}
TmuxTimeoutError.prototype.name = 'TmuxTimeoutError';

/**
 * The tmux binary could not be executed (not installed, or `tmuxPath` is wrong).
 *
 * @example
 * ```ts
 * new TmuxClient({ tmuxPath: '/opt/tmux/bin/tmux' });
 * ```
 */
export class TmuxNotInstalledError extends TmuxError<'TMUX_NOT_INSTALLED'> {
  constructor(message: string, details?: TmuxErrorDetails) {
    super('TMUX_NOT_INSTALLED', message, details);
  }
}
TmuxNotInstalledError.prototype.name = 'TmuxNotInstalledError';

/**
 * tmux is older than 3.2 (needed for `new-session -e` and reliable formats), or `tmux -V` printed
 * something unreadable.
 *
 * @example
 * ```ts
 * if (error instanceof TmuxVersionError) console.error('please upgrade tmux');
 * ```
 */
export class TmuxVersionError extends TmuxError<'TMUX_UNSUPPORTED_VERSION'> {
  constructor(message: string, details?: TmuxErrorDetails) {
    super('TMUX_UNSUPPORTED_VERSION', message, details);
  }
}
TmuxVersionError.prototype.name = 'TmuxVersionError';

/**
 * One tmux command is larger than tmux accepts in a single call (about 16 KiB of arguments).
 *
 * @example
 * ```ts
 * if (error instanceof TmuxCommandTooLongError) shortenTheEnvironment();
 * ```
 */
export class TmuxCommandTooLongError extends TmuxError<'TMUX_COMMAND_TOO_LONG'> {
  constructor(message: string, details?: TmuxErrorDetails) {
    super('TMUX_COMMAND_TOO_LONG', message, details);
  }
}
TmuxCommandTooLongError.prototype.name = 'TmuxCommandTooLongError';

/**
 * tmux printed output leakproof cannot parse (a format field is missing or not a number).
 *
 * @example
 * ```ts
 * if (error instanceof TmuxOutputError) console.error(error.message);
 * ```
 */
export class TmuxOutputError extends TmuxError<'TMUX_BAD_OUTPUT'> {
  constructor(message: string, details?: TmuxErrorDetails) {
    super('TMUX_BAD_OUTPUT', message, details);
  }
}
TmuxOutputError.prototype.name = 'TmuxOutputError';

/**
 * Any other tmux failure; `stderr` says what tmux reported.
 *
 * @example
 * ```ts
 * if (error instanceof TmuxCommandError) console.error(error.stderr);
 * ```
 */
export class TmuxCommandError extends TmuxError<'TMUX_COMMAND_FAILED'> {
  constructor(message: string, details?: TmuxErrorDetails) {
    super('TMUX_COMMAND_FAILED', message, details);
  }
}
TmuxCommandError.prototype.name = 'TmuxCommandError';
