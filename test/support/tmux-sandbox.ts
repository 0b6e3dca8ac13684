import { onTestFinished } from 'vitest';
import {
  createTmuxSandbox,
  type TmuxSandbox,
  type TmuxSandboxOptions,
} from '../../src/testing/index.js';

export type { TmuxSandbox };

/**
 * The kit's {@link createTmuxSandbox}, disposed in `onTestFinished` (pass or fail), so a test
 * needs no `await using`. Call inside a test.
 */
export function tmuxSandbox(options: TmuxSandboxOptions = {}): TmuxSandbox {
  const sandbox = createTmuxSandbox(options);
  onTestFinished(() => sandbox[Symbol.asyncDispose]());
  return sandbox;
}
