import { findLeaks, type LeakCheck } from './find-leaks.js';
import { LeaksFoundError } from './leaks-found-error.js';

/**
 * Resolves when {@link findLeaks} finds nothing; otherwise rejects with a
 * {@link LeaksFoundError} whose message lists every leak, one a line. Works with any test
 * framework: a rejected promise fails the test.
 *
 * @throws {@link LeaksFoundError} (`code: 'LEAKS_FOUND'`) when something was left behind.
 * @example
 * ```ts
 * await using sandbox = createTmuxSandbox();
 * await deployAgent({ client: sandbox.client, prompt }); // fails and must roll back
 * await expectNoLeaks({ tmux: sandbox, marker: 'any', paths: [prompt] });
 * ```
 */
export async function expectNoLeaks(check: LeakCheck): Promise<void> {
  const leaks = await findLeaks(check);
  if (leaks.length > 0) throw new LeaksFoundError(leaks);
}
