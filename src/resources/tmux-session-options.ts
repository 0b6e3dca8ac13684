import { InvalidOptionError } from '../errors/invalid-option-error.js';
import {
  expectNonEmptyString,
  expectNonNegativeInteger,
  expectOptionsObject,
} from '../internal/expect.js';
import { expectAbsolutePath } from '../internal/expect-path.js';
import { defaultProcReader, type ProcReader } from '../proc/proc-reader.js';
import { TmuxClient } from '../tmux/tmux-client.js';
import { SESSION_MARKER_ENV } from '../tmux/tmux-labels.js';

/**
 * Options of {@link tmuxSession}.
 *
 * @example
 * ```ts
 * tmuxSession({ name: 'agent_a1', command: ['node', 'agent.js'], cwd: '/work/task', env: {} });
 * ```
 */
export interface TmuxSessionOptions {
  /** Session name: letters, digits, `_` and `-` (tmux rewrites `.` and `:`, expands `#`). */
  readonly name: string;
  /** The command as argv, at least 2 elements so tmux execs it without `sh -c`. */
  readonly command: readonly string[];
  /** Absolute working directory of the command; must exist. */
  readonly cwd: string;
  /** Extra environment of the command. */
  readonly env?: Readonly<Record<string, string>>;
  /** The private server to use. @defaultValue `new TmuxClient()` (socket `leakproof`) */
  readonly client?: TmuxClient;
  /** How long the command must stay up before acquire succeeds. @defaultValue `300` */
  readonly startupCheckMs?: number;
  /** Grace between SIGTERM and SIGKILL on release. @defaultValue `3000` */
  readonly killGraceMs?: number;
  /** Where `/proc` is read from. @defaultValue the real `/proc` */
  readonly procReader?: ProcReader;
}

/**
 * Validated {@link TmuxSessionOptions}.
 *
 * @example
 * ```ts
 * const { name, command, startupCheckMs } = parseTmuxSessionOptions(options);
 * ```
 */
export interface ParsedTmuxSessionOptions {
  readonly name: string;
  readonly command: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly client: TmuxClient;
  readonly startupCheckMs: number;
  readonly killGraceMs: number;
  readonly procReader: ProcReader;
}

/**
 * Validates every option before anything is created.
 *
 * @example
 * ```ts
 * parseTmuxSessionOptions({ name: 'a.b', command: ['x', 'y'], cwd: '/' }); // throws
 * ```
 */
export function parseTmuxSessionOptions(options: TmuxSessionOptions): ParsedTmuxSessionOptions {
  const opts = expectOptionsObject('options', options);
  const name = expectNonEmptyString('name', opts.name);
  if (!/^[A-Za-z0-9_][A-Za-z0-9_-]{0,199}$/.test(name)) {
    throw new InvalidOptionError('name', 'letters, digits, `_` and `-` (not first)', name);
  }
  const cwd = expectAbsolutePath('cwd', opts.cwd);
  if (opts.client !== undefined && !(opts.client instanceof TmuxClient)) {
    throw new InvalidOptionError('client', 'a TmuxClient', opts.client);
  }
  return {
    name,
    command: parseCommand(opts.command),
    cwd,
    env: parseEnv(opts.env ?? {}),
    client: opts.client ?? new TmuxClient(),
    startupCheckMs: expectNonNegativeInteger('startupCheckMs', opts.startupCheckMs ?? 300),
    killGraceMs: expectNonNegativeInteger('killGraceMs', opts.killGraceMs ?? 3_000),
    procReader: opts.procReader ?? defaultProcReader,
  };
}

function parseCommand(command: unknown): readonly string[] {
  const valid =
    Array.isArray(command) &&
    command.length >= 2 &&
    command.every((arg) => typeof arg === 'string' && !arg.includes('\0')) &&
    command[0] !== '';
  if (!valid) {
    throw new InvalidOptionError(
      'command',
      'an argv array of at least 2 strings (program and arguments) without NUL bytes',
      command,
    );
  }
  return Object.freeze([...(command as string[])]);
}

function parseEnv(env: unknown): Readonly<Record<string, string>> {
  if (typeof env !== 'object' || env === null || Array.isArray(env)) {
    throw new InvalidOptionError('env', 'an object of strings', env);
  }
  const reserved = new Set([SESSION_MARKER_ENV, 'TMUX', 'TMUX_PANE']);
  for (const [key, value] of Object.entries(env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) || reserved.has(key)) {
      throw new InvalidOptionError(
        'env',
        `variable names other than ${[...reserved].join(', ')}`,
        key,
      );
    }
    if (typeof value !== 'string' || value.includes('\0')) {
      throw new InvalidOptionError(`env.${key}`, 'a string without NUL bytes', value);
    }
  }
  return Object.freeze({ ...(env as Record<string, string>) });
}
