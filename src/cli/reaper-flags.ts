import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ReaperConfigInput } from '../reaper/reaper-config.js';
import { TmuxClient } from '../tmux/tmux-client.js';
import { UsageError } from './usage-error.js';

/** The flags `reap` and `status` share, for `parseArgs`. */
export const reaperFlagOptions = {
  root: { type: 'string' },
  'state-dir': { type: 'string' },
  'tmux-socket': { type: 'string' },
  config: { type: 'string' },
  json: { type: 'boolean', default: false },
  'inactive-after': { type: 'string' },
  'orphan-grace': { type: 'string' },
  'terminal-grace': { type: 'string' },
  'max-actions': { type: 'string' },
  protect: { type: 'string', multiple: true },
  mode: { type: 'string' },
  'idle-mode': { type: 'string' },
  'orphan-mode': { type: 'string' },
  'command-timeout': { type: 'string' },
  'iteration-timeout': { type: 'string' },
  'action-timeout': { type: 'string' },
  'kill-grace': { type: 'string' },
  interval: { type: 'string' },
} as const;

/** Flag help shared by `reap` and `status`. */
export const reaperFlagHelp = `  --root <dir>               workspace base holding TASK-* directories (required)
  --state-dir <dir>          state, heartbeat, metrics and lock (default <root>/.leakproof-reaper)
  --tmux-socket <name|path>  the agents' private tmux server: -L name, or -S path if it has a /
                             (default "leakproof")
  --config <file.json>       a JSON reaper configuration (keys as in ReaperConfig); flags override
                             it; SIGHUP re-reads it
  --inactive-after <dur>     idle when registry, window_activity and logs are all older (30m)
  --orphan-grace <dur>       a labelled session in no registry must stay so this long (10m)
  --terminal-grace <dur>     wait this long after a terminal status before cleaning up (1m)
  --max-actions <n>          actions per iteration at most (10)
  --protect <glob>           never act on matching session names, agent ids or tasks (repeatable)
  --mode warn|kill           idle and orphan kills: warn only (default) or kill
  --idle-mode warn|kill      the same for idle agents only
  --orphan-mode warn|kill    the same for orphan sessions only
  --interval <dur>           pause between iterations (30s)
  --command-timeout <dur>    timeout of every tmux call (5s)
  --action-timeout <dur>     timeout of one action (30s)
  --iteration-timeout <dur>  timeout of one iteration's snapshot and plan; no action starts after (2m)
  --kill-grace <dur>         SIGTERM -> SIGKILL grace for agent processes (3s)
  --json                     JSON output (one object per line)
Durations: milliseconds, or a number with ms, s, m or h (e.g. 90s, 30m).`;

type Values = { [K in keyof typeof reaperFlagOptions]?: string | string[] | boolean | undefined };

const DURATION_FLAGS = {
  'inactive-after': 'inactiveAfterMs',
  'orphan-grace': 'orphanGraceMs',
  'terminal-grace': 'terminalGraceMs',
  interval: 'intervalMs',
  'command-timeout': 'commandTimeoutMs',
  'action-timeout': 'actionTimeoutMs',
  'iteration-timeout': 'iterationTimeoutMs',
  'kill-grace': 'killGraceMs',
} as const;

/**
 * Builds the reaper configuration from a config file (if any) overridden by flags.
 *
 * @throws {@link UsageError} for a missing root, a bad duration, mode or count.
 */
export function reaperConfigFrom(values: Values): ReaperConfigInput {
  const file = typeof values.config === 'string' ? readConfigFile(values.config) : {};
  const config: Record<string, unknown> = { ...file };
  if (typeof values.root === 'string') config.root = resolve(values.root);
  if (typeof config.root !== 'string') throw new UsageError('--root <dir> is required');
  if (typeof values['state-dir'] === 'string') config.stateDir = resolve(values['state-dir']);
  for (const [flag, key] of Object.entries(DURATION_FLAGS)) {
    const text = values[flag as keyof Values];
    if (typeof text === 'string') config[key] = parseDuration(flag, text);
  }
  if (typeof values['max-actions'] === 'string') {
    if (!/^\d+$/.test(values['max-actions'])) throw new UsageError('--max-actions expects a count');
    config.maxActions = Number(values['max-actions']);
  }
  if (Array.isArray(values.protect)) config.protect = values.protect;
  const both = modeOf('mode', values.mode);
  const idle = modeOf('idle-mode', values['idle-mode']) ?? both;
  const orphan = modeOf('orphan-mode', values['orphan-mode']) ?? both;
  if (idle) config.idleMode = idle;
  if (orphan) config.orphanMode = orphan;
  return config as ReaperConfigInput;
}

/** The tmux client of `--tmux-socket`, with `--command-timeout`. */
export function tmuxClientFrom(values: Values, timeoutMs: number): TmuxClient {
  const socket = typeof values['tmux-socket'] === 'string' ? values['tmux-socket'] : 'leakproof';
  return socket.includes('/')
    ? new TmuxClient({ socketPath: resolve(socket), timeoutMs })
    : new TmuxClient({ socketName: socket, timeoutMs });
}

function readConfigFile(path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(resolve(path), 'utf8'));
  } catch (error) {
    throw new UsageError(`--config ${path}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`--config ${path}: expected a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

function parseDuration(flag: string, text: string): number {
  const match = /^(\d+)(ms|s|m|h)?$/.exec(text);
  if (!match)
    throw new UsageError(`--${flag} expects a duration like 500, 90s or 30m, got "${text}"`);
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[match[2] ?? 'ms'] ?? 1;
  return Number(match[1]) * unit;
}

function modeOf(flag: string, value: unknown): 'warn' | 'kill' | undefined {
  if (value === undefined) return undefined;
  if (value !== 'warn' && value !== 'kill') throw new UsageError(`--${flag} expects warn or kill`);
  return value;
}
