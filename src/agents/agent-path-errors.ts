import { LeakproofError } from '../errors/leakproof-error.js';

/**
 * An agent id or task directory name does not match its strict pattern (a `/`, `..`, NUL,
 * newline, glob character, leading `-`, or too long). No path was built from it; nothing changed.
 *
 * @example
 * ```ts
 * agentPaths(base, 'TASK-1', 'x/../../victim'); // InvalidAgentPathError
 * ```
 */
export class InvalidAgentPathError extends LeakproofError<'INVALID_AGENT_PATH'> {
  /** What was being validated: `'agentId'` or `'taskDir'`. */
  readonly part: 'agentId' | 'taskDir';

  constructor(part: 'agentId' | 'taskDir', value: unknown, pattern: RegExp) {
    const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : typeof value;
    super('INVALID_AGENT_PATH', `Refusing ${part} ${shown}: it must match ${pattern.source}`);
    this.part = part;
  }
}
InvalidAgentPathError.prototype.name = 'InvalidAgentPathError';
