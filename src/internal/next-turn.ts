// From node:timers, not the global: fake timers in a caller's tests replace only the global.
import { setImmediate } from 'node:timers';

/**
 * Resolves on the event loop's next turn, after the I/O callbacks already due. Code whose file
 * calls run inline (no thread-pool round trip) awaits it so that a caller's loop of such calls
 * still lets the rest of the process run.
 *
 * @example
 * ```ts
 * await nextTurn();
 * ```
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
