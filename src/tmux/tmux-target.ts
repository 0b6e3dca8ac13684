import { InvalidOptionError } from '../errors/invalid-option-error.js';

/** A session id like `$3`. */
const SESSION_ID = /^\$\d+$/;
/** A session, window or pane id: `$3`, `@4`, `%5`. */
const ANY_ID = /^[$@%]\d+$/;
/** An exact-match target: `=name`, optionally followed by `:` (its current window). */
const EXACT_NAME = /^=[^:.]+:?$/;

/**
 * Whether `value` is a tmux session id such as `$3`.
 *
 * @example
 * ```ts
 * isSessionId('$3'); // true
 * ```
 */
export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && SESSION_ID.test(value);
}

/**
 * Throws unless `value` is a session id (`$3`).
 *
 * @example
 * ```ts
 * expectSessionId('sessionId', '$3'); // '$3'; 'agent_a' throws
 * ```
 */
export function expectSessionId(name: string, value: unknown): string {
  if (!isSessionId(value)) throw new InvalidOptionError(name, 'a tmux session id like `$3`', value);
  return value;
}

/**
 * Throws unless every target of `command` (up to a `--`) is an id (`$3`, `@4`, `%5`, optionally
 * with `:`) or an exact `=name`: tmux resolves a bare name by prefix and glob, so `agent_a` could
 * hit `agent_a-2`. Targets are `-t` values, and `-s` values except for `new-session`, where `-s`
 * names the new session.
 *
 * @example
 * ```ts
 * assertExactTargets(['kill-session', '-t', '=agent_a']); // fine
 * assertExactTargets(['kill-session', '-t', 'agent_a']); // throws InvalidOptionError
 * ```
 */
export function assertExactTargets(command: readonly string[]): void {
  const end = command.indexOf('--');
  const options = end === -1 ? command : command.slice(0, end);
  const flags = command[0] === 'new-session' ? ['-t'] : ['-t', '-s'];
  options.forEach((arg, index) => {
    if (!flags.includes(arg)) return;
    const target = options[index + 1] ?? '';
    const id = target.endsWith(':') ? target.slice(0, -1) : target;
    if (ANY_ID.test(id) || EXACT_NAME.test(target)) return;
    throw new InvalidOptionError(arg, 'a tmux id (`$3`, `@4`, `%5`) or an exact `=name`', target);
  });
}
