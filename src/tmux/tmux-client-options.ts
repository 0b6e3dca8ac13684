import { join } from 'node:path';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import {
  expectFunction,
  expectNonEmptyString,
  expectNonNegativeInteger,
  expectOptionsObject,
} from '../internal/expect.js';
import { defaultTmuxExec, type TmuxExec } from './tmux-exec.js';

/**
 * Which private tmux server a client talks to: `{ name }` is `tmux -L name`, `{ path }` is
 * `tmux -S path`. JSON-serialisable, so it can be journalled.
 *
 * @example
 * ```ts
 * const socket: TmuxSocket = { name: 'leakproof' };
 * ```
 */
export type TmuxSocket = { readonly name: string } | { readonly path: string };

/**
 * Options of {@link TmuxClient}. Give `socketName` or `socketPath`, not both.
 *
 * @example
 * ```ts
 * const client = new TmuxClient({ socketName: 'agents', timeoutMs: 2_000 });
 * ```
 */
export interface TmuxClientOptions {
  /** Socket name in tmux's socket directory (`-L`). @defaultValue `'leakproof'` */
  readonly socketName?: string;
  /** Absolute socket path (`-S`). */
  readonly socketPath?: string;
  /** The tmux binary. @defaultValue `'tmux'` (looked up on `PATH`) */
  readonly tmuxPath?: string;
  /** Per-call timeout; tmux is killed after it. @defaultValue `5000` */
  readonly timeoutMs?: number;
  /** Retries when the server exits under a call. @defaultValue `3` */
  readonly retries?: number;
  /** Environment of tmux calls (and of a server they start), minus `TMUX` and `TMUX_PANE`. @defaultValue `process.env` */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Runs tmux; inject to simulate failures. @defaultValue {@link defaultTmuxExec} */
  readonly exec?: TmuxExec;
}

/**
 * Validated client options.
 *
 * @example
 * ```ts
 * const { socket, timeoutMs } = parseTmuxClientOptions({ socketName: 'agents' });
 * ```
 */
export interface ParsedTmuxClientOptions {
  readonly socket: TmuxSocket;
  readonly socketFile: string;
  readonly tmuxPath: string;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly env: Readonly<Record<string, string>>;
  readonly exec: TmuxExec;
}

/**
 * Validates {@link TmuxClientOptions} and fills in defaults.
 *
 * @example
 * ```ts
 * parseTmuxClientOptions({ socketName: 'agents' }).socket; // { name: 'agents' }
 * ```
 */
export function parseTmuxClientOptions(
  options: TmuxClientOptions | undefined,
): ParsedTmuxClientOptions {
  const opts = expectOptionsObject('options', options);
  if (opts.socketName !== undefined && opts.socketPath !== undefined) {
    throw new InvalidOptionError(
      'socketPath',
      'absent when `socketName` is given',
      opts.socketPath,
    );
  }
  const socket = parseSocket(opts);
  const env = tmuxEnvironment(opts.env ?? process.env);
  return {
    socket,
    socketFile: socketFileOf(socket, env),
    tmuxPath:
      opts.tmuxPath === undefined ? 'tmux' : expectNonEmptyString('tmuxPath', opts.tmuxPath),
    timeoutMs: positive('timeoutMs', opts.timeoutMs ?? 5_000),
    retries: expectNonNegativeInteger('retries', opts.retries ?? 3),
    env,
    exec: opts.exec === undefined ? defaultTmuxExec : expectFunction<TmuxExec>('exec', opts.exec),
  };
}

function parseSocket(opts: TmuxClientOptions): TmuxSocket {
  if (opts.socketPath !== undefined) {
    const path = expectNonEmptyString('socketPath', opts.socketPath);
    if (!path.startsWith('/')) throw new InvalidOptionError('socketPath', 'an absolute path', path);
    return { path };
  }
  const name = opts.socketName ?? 'leakproof';
  if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]{1,100}$/.test(name)) {
    throw new InvalidOptionError('socketName', 'a name of letters, digits, `_`, `.` or `-`', name);
  }
  return { name };
}

/** Where tmux puts the socket: `-S` as given, `-L` under `$TMUX_TMPDIR/tmux-<uid>/`. */
function socketFileOf(socket: TmuxSocket, env: Readonly<Record<string, string>>): string {
  if ('path' in socket) return socket.path;
  const base = env.TMUX_TMPDIR || '/tmp';
  return join(base, `tmux-${process.getuid?.() ?? 0}`, socket.name);
}

function positive(name: string, value: unknown): number {
  if (expectNonNegativeInteger(name, value) === 0) {
    throw new InvalidOptionError(name, 'a positive integer', value);
  }
  return value as number;
}

/** Copies `env` without `TMUX`/`TMUX_PANE`: the caller's own tmux must not leak into ours. */
function tmuxEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  if (typeof env !== 'object' || env === null)
    throw new InvalidOptionError('env', 'an object', env);
  const copy: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && key !== 'TMUX' && key !== 'TMUX_PANE') copy[key] = value;
  }
  return copy;
}
