import { applyBatch } from './apply-batch.js';
import { serializeDocument } from './document-checks.js';
import type { LockHold } from './inter-process-lock.js';
import type { OperationRequest } from './operation-requests.js';
import type { PendingUpdate, Updater } from './pending-update.js';
import { readDocument } from './read-document.js';
import type { RegistryEvent } from './registry-events.js';
import type { ParsedRegistryOptions } from './registry-store-options.js';
import { RequestServer } from './serve-requests.js';
import { writeDocument } from './write-document.js';

/** What one commit needs from its store. */
export interface CommitContext<T> {
  readonly options: ParsedRegistryOptions<T>;
  /** The lock queue's directory, where other processes leave their requests. */
  readonly queueDir: string;
  initialDocument(): T;
  /** The updaters of a waiter's requests, or `undefined` when one names an unknown operation. */
  updatersOf(requests: readonly OperationRequest[]): Updater<T>[] | undefined;
}

/** A finished commit: how to settle this process's updates, and what to report. */
export interface CommitResult {
  readonly settle: () => void;
  readonly event: Extract<RegistryEvent, { type: 'commit' }>;
}

/**
 * One group commit by the lock holder: this process's `local` updates, then the requests it
 * claims from waiting processes, applied in order to the registry, validated, and written once.
 * The local updates are settled by the returned `settle` (call it after releasing the lock, so
 * their callers' next updates queue behind); the claimed ones are published here.
 */
export async function commitBatch<T>(
  context: CommitContext<T>,
  hold: LockHold,
  local: readonly PendingUpdate<T>[],
): Promise<CommitResult> {
  const { options } = context;
  const { path, schema } = options;
  const server = new RequestServer(context.queueDir);
  const [names, stored] = await Promise.all([server.list(), readDocument(options)]);
  const queue = await server.resolve(names, stored.exists ? stored.text : undefined);
  const claims = await server.claim(queue, (requests) => context.updatersOf(requests));
  const mine = local.filter((update) => update.claim());
  const remote = claims.flatMap(({ prepared }) => prepared);
  const base = stored.exists ? stored.value : context.initialDocument();
  const updaters = [...mine.map((update) => update.updater), ...remote];
  const { next, errors } = await applyBatch(path, schema, base, updaters);
  const text = serializeDocument(next);
  const applied = errors.filter((error) => error === undefined).length;
  // An unchanged document is not rewritten: no fsync, and a no-op revert stays a no-op.
  const wrote = applied > 0 && (!stored.exists || text !== stored.text);
  try {
    await server.record(text, errorsPerClaim(claims, errors.slice(mine.length)));
    if (wrote) {
      hold.assertSafe();
      await writeDocument(path, text, stored.exists ? stored.ownership : undefined);
    }
    await server.publish();
  } catch (error) {
    // Settle the claims now, while the lock is still ours, rather than strand their waiters.
    const current = await readDocument(options).catch(() => undefined);
    const currentText = current?.exists ? current.text : undefined;
    await server.resolve(await server.list(), currentText).catch(() => undefined);
    throw error;
  }
  return {
    settle: () => {
      for (const [index, update] of mine.entries()) {
        const error = errors[index];
        if (error !== undefined) update.reject(error);
        else update.resolve(applied === 1 ? next : structuredClone(next));
      }
    },
    event: {
      type: 'commit',
      path,
      updates: local.length + remote.length,
      remote: remote.length,
      failed: local.length - mine.length + errors.filter((e) => e !== undefined).length,
      wrote,
      lockWaitMs: hold.waitedMs,
    },
  };
}

/** Splits the remote part of a batch's errors by claim. */
function errorsPerClaim(
  claims: readonly { prepared: readonly unknown[] }[],
  errors: readonly unknown[],
): unknown[][] {
  let offset = 0;
  return claims.map(({ prepared }) => {
    const slice = errors.slice(offset, offset + prepared.length);
    offset += prepared.length;
    return slice;
  });
}
