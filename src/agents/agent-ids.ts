import { InvalidAgentPathError } from './agent-path-errors.js';

/**
 * Agent ids leakproof builds paths and session names from: a letter or digit first (never `-` or
 * `.`), then letters, digits, `_` or `-`, at most 128 characters. No `/`, `..`, NUL, newline or
 * glob character can pass.
 *
 * @example
 * ```ts
 * AGENT_ID_PATTERN.test('investigator-1a2b3c'); // true
 * ```
 */
export const AGENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/**
 * Task directory names under a workspace base: `TASK-` then 1–64 letters, digits, `_` or `-`.
 *
 * @example
 * ```ts
 * TASK_DIR_PATTERN.test('TASK-20260121-153000-ab12'); // true
 * ```
 */
export const TASK_DIR_PATTERN = /^TASK-[A-Za-z0-9_-]{1,64}$/;

/**
 * Whether `value` is a valid agent id (see {@link AGENT_ID_PATTERN}).
 *
 * @example
 * ```ts
 * isAgentId('x/../../victim'); // false
 * ```
 */
export function isAgentId(value: unknown): value is string {
  return typeof value === 'string' && AGENT_ID_PATTERN.test(value);
}

/**
 * Whether `value` is a valid task directory name (see {@link TASK_DIR_PATTERN}).
 *
 * @example
 * ```ts
 * isTaskDirName('TASK-1'); // true
 * ```
 */
export function isTaskDirName(value: unknown): value is string {
  return typeof value === 'string' && TASK_DIR_PATTERN.test(value);
}

/**
 * Returns `value` when it is a valid agent id.
 *
 * @throws {@link InvalidAgentPathError} otherwise.
 * @example
 * ```ts
 * const id = expectAgentId(record.id);
 * ```
 */
export function expectAgentId(value: unknown): string {
  if (!isAgentId(value)) throw new InvalidAgentPathError('agentId', value, AGENT_ID_PATTERN);
  return value;
}

/**
 * Returns `value` when it is a valid task directory name.
 *
 * @throws {@link InvalidAgentPathError} otherwise.
 * @example
 * ```ts
 * const task = expectTaskDirName('TASK-1');
 * ```
 */
export function expectTaskDirName(value: unknown): string {
  if (!isTaskDirName(value)) throw new InvalidAgentPathError('taskDir', value, TASK_DIR_PATTERN);
  return value;
}
