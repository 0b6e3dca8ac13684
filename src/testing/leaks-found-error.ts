import { LeakproofError } from '../errors/leakproof-error.js';

/**
 * One thing {@link findLeaks} found left behind.
 *
 * @example
 * ```ts
 * const leak: Leak = { kind: 'path', description: '/w/TASK-1/agent_prompt_a1.txt' };
 * ```
 */
export interface Leak {
  /** What sort of thing was left. */
  readonly kind: 'tmux-session' | 'process' | 'path' | 'journal' | 'registry-entry';
  /** A one-line, human-readable description of it. */
  readonly description: string;
}

/**
 * Thrown by {@link expectNoLeaks}: its message lists every leak, one a line; `leaks` has them as
 * data.
 *
 * @example
 * ```ts
 * try {
 *   await expectNoLeaks({ tmux: sandbox, paths: [prompt] });
 * } catch (error) {
 *   if (error instanceof LeaksFoundError) console.log(error.leaks.length);
 * }
 * ```
 */
export class LeaksFoundError extends LeakproofError<'LEAKS_FOUND'> {
  /** Everything left behind. */
  readonly leaks: readonly Leak[];

  constructor(leaks: readonly Leak[]) {
    const lines = leaks.map((leak) => `  - ${leak.kind}: ${leak.description}`);
    const count = leaks.length === 1 ? '1 leak' : `${leaks.length} leaks`;
    super('LEAKS_FOUND', `Found ${count}:\n${lines.join('\n')}`);
    this.leaks = leaks;
  }
}
LeaksFoundError.prototype.name = 'LeaksFoundError';
