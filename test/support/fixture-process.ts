import { join } from 'node:path';
import { execa, type Options, type ResultPromise } from 'execa';
import { onTestFinished } from 'vitest';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

/**
 * Starts `test/fixtures/<name>.ts` in a real Node process through tsx, with a timeout, and
 * registers its kill before the test asserts anything, so a failing test leaves no process.
 */
export function startFixture<O extends Options & { timeout: number }>(
  name: string,
  args: readonly string[],
  options: O,
): ResultPromise<O> {
  const argv = ['--import', 'tsx', join(fixtures, `${name}.ts`), ...args];
  const child = execa(process.execPath, argv, options) as unknown as ResultPromise<O>;
  // A test that fails before awaiting this child still sees its own error, not an unhandled one.
  child.catch(() => undefined);
  onTestFinished(() => {
    child.kill('SIGKILL');
  });
  return child;
}
