import { join } from 'node:path';
import { z } from 'zod';
import { expectAbsolutePath } from '../internal/expect-path.js';
import { ReaperConfigError } from './reaper-errors.js';

const ms = z.number().int().nonnegative();
const positiveMs = z.number().int().positive();
const mode = z.enum(['warn', 'kill']);

/**
 * The reaper's configuration, validated with zod (it crosses a trust boundary: flags, a config
 * file reloaded on SIGHUP). Every field but `root` has a conservative default.
 *
 * @example
 * ```ts
 * ReaperConfigSchema.parse({ root: '/work', orphanMode: 'kill' });
 * ```
 */
export const ReaperConfigSchema = z
  .object({
    /** The workspace base holding `TASK-*` directories; nothing outside it is modified. */
    root: z.string().min(1),
    /** Where state, heartbeat, metrics and the instance lock live. Default `<root>/.leakproof-reaper`. */
    stateDir: z.string().min(1).optional(),
    /** An agent is idle when all three of its clocks are older than this. Default 30 min. */
    inactiveAfterMs: positiveMs.default(30 * 60_000),
    /** An orphan must be seen in two observations at least this far apart. Default 10 min. */
    orphanGraceMs: ms.default(10 * 60_000),
    /** Leftovers of a terminal agent wait this long after the terminal status. Default 1 min. */
    terminalGraceMs: ms.default(60_000),
    /** Actions executed per iteration at most. Default 10. */
    maxActions: z.number().int().nonnegative().default(10),
    /** The circuit breaker trips only when at least this many idle/orphan kills would happen. Default 3. */
    breakerMinKills: z.number().int().positive().default(3),
    /** Globs over session names, agent ids and task names that are never acted on. */
    protect: z.array(z.string().min(1).max(256)).default([]),
    /** `warn` (default) reports idle agents; `kill` tears them down. */
    idleMode: mode.default('warn'),
    /** `warn` (default) reports orphan sessions; `kill` stops them. */
    orphanMode: mode.default('warn'),
    /** Pause between iterations of `run()`. Default 30 s. */
    intervalMs: positiveMs.default(30_000),
    /** Timeout of every tmux call. Default 5 s. */
    commandTimeoutMs: positiveMs.default(5_000),
    /** Timeout of one action. Default 30 s. */
    actionTimeoutMs: positiveMs.default(30_000),
    /** Timeout of a whole iteration. Default 120 s. */
    iterationTimeoutMs: positiveMs.default(120_000),
    /** SIGTERM → SIGKILL grace for process trees. Default 3 s. */
    killGraceMs: ms.default(3_000),
    /** Plan only: nothing is killed, moved or written. Default false. */
    dryRun: z.boolean().default(false),
  })
  .strict();

/**
 * What the {@link Reaper} constructor accepts (defaults not yet applied).
 *
 * @example
 * ```ts
 * const input: ReaperConfigInput = { root: '/work', inactiveAfterMs: 3_600_000 };
 * ```
 */
export type ReaperConfigInput = z.input<typeof ReaperConfigSchema>;

/**
 * A validated configuration with every default applied and `stateDir` resolved.
 *
 * @example
 * ```ts
 * const config: ReaperConfig = parseReaperConfig({ root: '/work' });
 * ```
 */
export type ReaperConfig = z.output<typeof ReaperConfigSchema> & { readonly stateDir: string };

/**
 * Validates a configuration and applies defaults.
 *
 * @throws {@link ReaperConfigError} naming every issue.
 * @example
 * ```ts
 * parseReaperConfig({ root: '/work' }).orphanMode; // 'warn'
 * ```
 */
export function parseReaperConfig(input: unknown): ReaperConfig {
  const parsed = ReaperConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ReaperConfigError(issues.join('; '), parsed.error);
  }
  try {
    const root = expectAbsolutePath('root', parsed.data.root);
    const stateDir = expectAbsolutePath(
      'stateDir',
      parsed.data.stateDir ?? join(root, '.leakproof-reaper'),
    );
    return { ...parsed.data, root, stateDir };
  } catch (error) {
    throw new ReaperConfigError((error as Error).message, error);
  }
}
