import { applyBatch } from './apply-batch.js';
import { serializeDocument } from './document-checks.js';
import type { LockHold } from './lock-hold.js';
import type { OperationRequest } from './operation-requests.js';
import type { PendingUpdate, Updater } from './pending-update.js';
import { parseQueueEntry } from './queue-entries.js';
import { readDocument } from './read-document.js';
import type { RegistryEvent } from './registry-events.js';
import type { ParsedRegistryOptions } from './registry-store-options.js';
import { RequestServer } from './serve-requests.js';
import { type FileOwnership, writeDocument } from './write-document.js';

/** What one commit needs from its store. */
export interface CommitContext<T> {
  readonly options: ParsedRegistryOptions<T>;
  /** The lock queue's directory, where other processes leave their requests. */
  readonly queueDir: string;
  initialDocument(): T;
  /** The updaters of a waiter's requests, or `undefined` when one names an unknown operation. */
  updatersOf(requests: readonly OperationRequest[]): Updater<T>[] | undefined;
}

/** The registry file as this holder last read or wrote it (`ownership` unknown for a new file). */
export interface KnownDocument<T> {
  readonly value: T;
  readonly text: string;
  readonly ownership: FileOwnership | undefined;
}

/** A finished commit: how to settle this process's updates, and what to report. */
export interface CommitResult<T> {
  readonly settle: () => void;
  /** `undefined` when there was nothing to commit. */
  readonly event: Extract<RegistryEvent, { type: 'commit' }> | undefined;
  /** The registry file now, valid while the lock stays held; `undefined` when there is none. */
  readonly document: KnownDocument<T> | undefined;
  /** Whether other processes wait to take the lock themselves (their updates are closures). */
  readonly othersWaiting: boolean;
  /** Removes the lock queue's directory if this commit found it empty. */
  readonly tidy: () => Promise<void>;
}

/**
 * One group commit by the lock holder: this process's `local` updates, then the requests it
 * claims from waiting processes, applied in order to the registry, validated, and written once.
 * The local updates are settled by the returned `settle`; the claimed ones are published here.
 * `known` is the registry as this holder left it, when it has held the lock ever since: it is
 * not read again.
 */
export async function commitBatch<T>(
  context: CommitContext<T>,
  hold: LockHold,
  local: readonly PendingUpdate<T>[],
  known?: KnownDocument<T>,
): Promise<CommitResult<T>> {
  const { options } = context;
  const { path, schema } = options;
  const server = new RequestServer(context.queueDir);
  const [names, current] = await Promise.all([server.list(), known ?? readKnown(context)]);
  const queue = await server.resolve(names, current?.text);
  const claims = await server.claim(queue, (requests) => context.updatersOf(requests));
  const othersWaiting = queue.some(isPlainTicketOfAnother);
  if (local.length === 0 && claims.length === 0) {
    const tidy = () => server.removeIfEmpty();
    return { settle: () => undefined, event: undefined, document: current, othersWaiting, tidy };
  }
  const mine = local.filter((update) => update.claim());
  const remote = claims.flatMap(({ prepared }) => prepared);
  const base = current?.value ?? context.initialDocument();
  const updaters = [...mine.map((update) => update.updater), ...remote];
  const { next, errors } = await applyBatch(path, schema, base, updaters);
  const text = serializeDocument(next);
  const applied = errors.filter((error) => error === undefined).length;
  // An unchanged document is not rewritten: no fsync, and a no-op revert stays a no-op.
  const wrote = applied > 0 && text !== current?.text;
  try {
    await server.record(text, errorsPerClaim(claims, errors.slice(mine.length)));
    if (wrote) {
      hold.assertSafe();
      // Checked again just before the rename: the process may have been paused during the sync.
      await writeDocument(path, text, current?.ownership, () => hold.assertSafe());
    }
    await server.publish();
  } catch (error) {
    // Settle the claims now, while the lock is still ours, rather than strand their waiters —
    // unless our lease expired: then they are a successor's to settle.
    if (hold.isSafe()) {
      const now = await readKnown(context).catch(() => undefined);
      await server.resolve(await server.list(), now?.text).catch(() => undefined);
    }
    throw error;
  }
  return {
    document: wrote ? { value: next, text, ownership: current?.ownership } : current,
    othersWaiting,
    tidy: () => server.removeIfEmpty(),
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

/** The registry file as read now; `undefined` when it does not exist. */
async function readKnown<T>({ options }: CommitContext<T>): Promise<KnownDocument<T> | undefined> {
  const stored = await readDocument(options);
  return stored.exists ? stored : undefined;
}

/** A waiting process that must take the lock itself, since its updates cannot travel. */
function isPlainTicketOfAnother(name: string): boolean {
  const entry = parseQueueEntry(name);
  return entry?.kind === 'ticket' && !entry.request && entry.pid !== process.pid;
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
