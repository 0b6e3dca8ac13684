import { warnJournal } from './journal-support.js';
import { type ReleaseEntry, runRelease } from './release-entry.js';
import { isChildSlot, type ReleaseStack } from './release-stack.js';
import type { ReleaseReason } from './resource.js';
import { type RollbackEntry, releaseErrorsOf } from './rollback-report.js';
import { emitScopeEvent, type ScopeEventListener } from './scope-events.js';

interface DrainOptions {
  readonly name: string;
  readonly releaseTimeoutMs: number;
  readonly onEvent: ScopeEventListener | undefined;
}

/**
 * Pops and releases until the stack is empty — newest first, every release attempted, child
 * scopes rolled back in their place. Pops one at a time so that late arrivals pushed while
 * draining are released too.
 */
export async function drainStack(
  stack: ReleaseStack,
  releaseReason: ReleaseReason,
  reason: unknown,
  options: DrainOptions,
): Promise<{ entries: RollbackEntry[]; failures: unknown[] }> {
  const entries: RollbackEntry[] = [];
  const failures: unknown[] = [];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (isChildSlot(item)) {
      const child = await item.close(reason, releaseReason);
      entries.push(...child.entries);
      failures.push(...releaseErrorsOf(child));
      continue;
    }
    const outcome = await runRelease(item, releaseReason, options.releaseTimeoutMs);
    if (outcome.entry.status !== 'released') failures.push(outcome.error);
    else await item.settled?.().catch((error: unknown) => warnJournal(options.name, error));
    emitScopeEvent(options.onEvent, { type: 'release', scope: options.name, ...outcome.entry });
    entries.push(outcome.entry);
  }
  return { entries, failures };
}

/**
 * Releases what reached a scope after it closed. Nobody awaits a report for it, so a failure
 * becomes a process warning rather than vanishing.
 */
export async function releaseLate(
  entry: ReleaseEntry,
  scopeName: string,
  timeoutMs: number,
): Promise<void> {
  const { entry: result } = await runRelease(entry, 'rollback', timeoutMs);
  if (result.status === 'released') {
    await entry.settled?.().catch((error: unknown) => warnJournal(scopeName, error));
    return;
  }
  process.emitWarning(
    `leakproof: late release of ${entry.kind} ${entry.label} in closed scope "${scopeName}" ${result.status}: ${result.error?.message}`,
    { code: 'LEAKPROOF_LATE_RELEASE' },
  );
}
