import { describe, it } from 'vitest';
import type { FileJournal } from '../../src/index.js';
import {
  type ContractWorld,
  type ResourceKindUnderTest,
  resourceContract,
} from '../../src/testing/index.js';
import { runFixture } from '../support/run-fixture.js';

/** The vitest adapter of the kit's framework-agnostic contract: one `it` per check. */
export function describeResourceKind<T, W extends ContractWorld<T>>(
  subject: ResourceKindUnderTest<T, W>,
): void {
  describe(`${subject.name} resource contract`, () => {
    for (const check of resourceContract(subject)) it(check.name, () => check.run());
  });
}

/**
 * Runs `fixtures/contract/crash-after-acquire.ts`, which acquires a `kind` resource with
 * `options` in a scope journalled in `journal` and SIGKILLs itself; throws unless it died so.
 */
export async function crashAfterAcquire(
  kind: string,
  journal: FileJournal,
  options: Record<string, string>,
): Promise<void> {
  const run = await runFixture('contract/crash-after-acquire.ts', [
    kind,
    journal.dir,
    JSON.stringify(options),
  ]);
  if (run.signal !== 'SIGKILL') {
    throw new Error(`the crashing child was not SIGKILLed (${run.exitCode}): ${run.stderr}`);
  }
}
