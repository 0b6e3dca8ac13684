import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileJournal } from '../journal/file-journal.js';
import { recover } from '../journal/recover.js';
import type { AcquireContext, ReleaseContext, Resource } from '../scope/resource.js';
import { ResourceScope } from '../scope/resource-scope.js';
import type { ContractWorld, ResourceKindUnderTest } from './contract-world.js';

/**
 * One check of a {@link resourceContract}: a name and an async function that throws (a
 * `node:assert` `AssertionError`) when the kind breaks the contract.
 *
 * @example
 * ```ts
 * for (const check of resourceContract(subject)) test(check.name, () => check.run());
 * ```
 */
export interface ContractCheck {
  /** `<kind name>: <what is checked>`. */
  readonly name: string;
  /** Runs the check in a fresh world; rejects when the kind breaks the contract. */
  run(): Promise<void>;
}

const acquireContext = (): AcquireContext => ({
  signal: new AbortController().signal,
  intend: async () => undefined,
});
const releaseContext = (): ReleaseContext => ({
  reason: 'rollback',
  signal: new AbortController().signal,
});

/**
 * The checks every resource kind must pass, as plain async functions any test framework can run:
 * acquire then release leaves nothing; release is idempotent; release after the thing was
 * destroyed out-of-band succeeds; a failed acquire leaves nothing and registers nothing; and,
 * when the subject can `crash`, a SIGKILLed owner's journal lets `recover()` leave nothing.
 *
 * @example
 * ```ts
 * // vitest
 * describe('promptFile', () => {
 *   for (const check of resourceContract(subject)) it(check.name, () => check.run());
 * });
 * // node:test
 * for (const check of resourceContract(subject)) test(check.name, () => check.run());
 * ```
 */
export function resourceContract<T, W extends ContractWorld<T>>(
  subject: ResourceKindUnderTest<T, W>,
): ContractCheck[] {
  const inWorld = (body: (world: W) => Promise<void>) => async (): Promise<void> => {
    await using world = await subject.setup();
    assert.deepEqual(await world.leftovers(), [], 'the world is clean before the check');
    await body(world);
  };
  const checks: ContractCheck[] = [
    { name: 'acquire then release leaves nothing', run: inWorld(acquireRelease) },
    { name: 'release twice is harmless', run: inWorld(releaseTwice) },
    { name: 'release of something already gone succeeds', run: inWorld(alreadyGone) },
    { name: 'a failed acquire leaves nothing', run: inWorld(failedAcquire) },
  ];
  const crash = subject.crash;
  if (crash !== undefined) {
    const run = inWorld((world) => crashRecovery(world, (journal) => crash(world, journal)));
    checks.push({ name: 'recover() after a SIGKILL leaves nothing', run });
  }
  return checks.map((check) => ({ ...check, name: `${subject.name}: ${check.name}` }));
}

/** Acquires, asserting the thing now exists: a check against nothing proves nothing. */
async function acquireSome<T>(world: ContractWorld<T>, resource: Resource<T>): Promise<T> {
  const value = await resource.acquire(acquireContext());
  assert.notDeepEqual(await world.leftovers(), [], 'acquire made something');
  return value;
}

async function acquireRelease<T>(world: ContractWorld<T>): Promise<void> {
  const resource = world.resource();
  const value = await acquireSome(world, resource);
  await resource.release(value, releaseContext());
  assert.deepEqual(await world.leftovers(), [], 'release left something');
}

async function releaseTwice<T>(world: ContractWorld<T>): Promise<void> {
  const resource = world.resource();
  const value = await acquireSome(world, resource);
  await resource.release(value, releaseContext());
  await resource.release(value, releaseContext());
  assert.deepEqual(await world.leftovers(), [], 'a second release left something');
}

async function alreadyGone<T>(world: ContractWorld<T>): Promise<void> {
  const resource = world.resource();
  const value = await acquireSome(world, resource);
  await world.destroy(value);
  await resource.release(value, releaseContext());
  assert.deepEqual(await world.leftovers(), [], 'release after destruction left something');
}

async function failedAcquire<T>(world: ContractWorld<T>): Promise<void> {
  const resource = await world.failingResource();
  const scope = new ResourceScope({ name: 'contract: failed acquire' });
  await assert.rejects(scope.acquire(resource), 'the failing resource fails to acquire');
  assert.deepEqual(scope.pending(), [], 'a failed acquire registered a release');
  assert.deepEqual((await scope.rollback()).entries, []);
  assert.deepEqual(await world.leftovers(), [], 'a failed acquire left something');
}

async function crashRecovery<T>(
  world: ContractWorld<T>,
  crash: (journal: FileJournal) => Promise<void>,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'leakproof-contract-journal-'));
  try {
    const journal = new FileJournal(dir);
    await crash(journal);
    assert.notDeepEqual(await world.leftovers(), [], 'the crashed process acquired something');
    const kinds = world.recoverableKinds ?? [];
    const report = await recover({ journal, kinds });
    assert.ok(report.ok, `recover() failed: ${JSON.stringify(report)}`);
    assert.deepEqual(await world.leftovers(), [], 'recover() left something');
    assert.deepEqual(await journal.files(), [], 'recover() left journal files');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
