import { TmuxVersionError } from './tmux-errors.js';

/**
 * A parsed `tmux -V`.
 *
 * @example
 * ```ts
 * const { major, minor, raw } = await client.version(); // 3, 3, 'tmux 3.3a'
 * ```
 */
export interface TmuxVersion {
  readonly major: number;
  readonly minor: number;
  /** The line tmux printed, e.g. `tmux 3.3a`. */
  readonly raw: string;
}

/**
 * The oldest tmux leakproof supports: 3.2 added `new-session -e`.
 *
 * @example
 * ```ts
 * const ok = version.major > MIN_TMUX_VERSION.major;
 * ```
 */
export const MIN_TMUX_VERSION = { major: 3, minor: 2 } as const;

/**
 * Parses `tmux -V` output (`tmux 3.3a`, `tmux next-3.5`, `tmux openbsd-7.4`) and rejects
 * versions older than 3.2. Development builds (`tmux master`) are accepted.
 *
 * @throws {@link TmuxVersionError} when too old or unreadable.
 *
 * @example
 * ```ts
 * parseTmuxVersion('tmux 3.3a'); // { major: 3, minor: 3, raw: 'tmux 3.3a' }
 * ```
 */
export function parseTmuxVersion(output: string): TmuxVersion {
  const raw = output.trim();
  if (/^tmux (master|next)$/.test(raw)) return { major: Number.POSITIVE_INFINITY, minor: 0, raw };
  const match = /^tmux (?:[a-z]+-)?(\d+)\.(\d+)/.exec(raw);
  if (!match)
    throw new TmuxVersionError(`Cannot read the tmux version from ${JSON.stringify(raw)}`);
  const version = { major: Number(match[1]), minor: Number(match[2]), raw };
  const tooOld =
    version.major < MIN_TMUX_VERSION.major ||
    (version.major === MIN_TMUX_VERSION.major && version.minor < MIN_TMUX_VERSION.minor);
  if (tooOld) throw new TmuxVersionError(`leakproof needs tmux 3.2 or newer; found ${raw}`);
  return version;
}
