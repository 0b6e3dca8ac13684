import { appendFile, unlink } from 'node:fs/promises';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { expectNonNegativeInteger, expectOptionsObject } from '../internal/expect.js';
import { errorCode } from '../internal/fs-identity.js';
import { mapConcurrent } from '../internal/map-concurrent.js';
import { defaultProcReader, type ProcReader } from '../proc/proc-reader.js';
import { readStartTime } from '../proc/process-identity.js';
import { builtinRecoverableKinds } from '../resources/recoverable-kinds.js';
import { serializeError } from '../scope/rollback-report.js';
import { claimantOf, claimJournal, unclaimJournal } from './claim-journal.js';
import { FileJournal } from './file-journal.js';
import type { OwnerIdentity } from './journal-records.js';
import { currentOwner, isOwnerAlive } from './owner-identity.js';
import { readJournal } from './read-journal.js';
import type { RecoverableKind } from './recoverable-kind.js';
import type { JournalRecovery, RecoveryReport } from './recovery-report.js';
import { type KindRegistry, releaseRecovered } from './release-recovered.js';

/**
 * Options of {@link recover}.
 *
 * @example
 * ```ts
 * await recover({ journal, kinds: [leaseKind], releaseTimeoutMs: 5_000 });
 * ```
 */
export interface RecoverOptions {
  /** The journal whose dead owners' scopes to finish. */
  readonly journal: FileJournal;
  /** Your own resource kinds, besides the built-in ones (a same-named kind replaces a built-in). */
  readonly kinds?: readonly RecoverableKind<unknown, unknown>[];
  /**
   * Bound on each release. Longer than a scope's default: a process killed while holding a
   * registry lock leaves it to be taken over only once stale (`staleMs`, 10 s by default).
   * @defaultValue `30_000`
   */
  readonly releaseTimeoutMs?: number;
  /** How many journal files are recovered at once. @defaultValue `4` */
  readonly concurrency?: number;
  /** How /proc is read to tell live owners from dead ones (tests inject one). */
  readonly procReader?: ProcReader;
}

const DEFAULT_RELEASE_TIMEOUT_MS = 30_000;

interface RecoveryContext {
  readonly me: OwnerIdentity;
  readonly kinds: KindRegistry;
  readonly releaseTimeoutMs: number;
  readonly reader: ProcReader;
}

/**
 * Finishes the rollback of every journalled scope whose owner process is dead (its pid gone, or
 * now another process, or from an earlier boot): releases their un-released, un-committed
 * resources in reverse order and removes the journal. Journals of live owners are left alone; two
 * concurrent `recover()` calls never release the same journal (each file is claimed by an atomic
 * rename first). Returns a report like a rollback's; never throws because a release failed.
 *
 * @throws {@link InvalidOptionError} for bad options.
 * @example
 * ```ts
 * const report = await recover({ journal: new FileJournal('/var/lib/orchestrator/journal') });
 * for (const j of report.journals) console.log(j.status, j.scope, j.entries.length);
 * ```
 */
export async function recover(options: RecoverOptions): Promise<RecoveryReport> {
  const started = performance.now();
  const opts = expectOptionsObject('options', options);
  if (!(opts.journal instanceof FileJournal)) {
    throw new InvalidOptionError('journal', 'a FileJournal', opts.journal);
  }
  const kinds = [...builtinRecoverableKinds, ...(opts.kinds ?? [])];
  const ctx: RecoveryContext = {
    me: await currentOwner(),
    kinds: new Map(kinds.map((kind) => [kind.kind, kind])),
    releaseTimeoutMs: expectNonNegativeInteger(
      'releaseTimeoutMs',
      opts.releaseTimeoutMs ?? DEFAULT_RELEASE_TIMEOUT_MS,
    ),
    reader: opts.procReader ?? defaultProcReader,
  };
  const concurrency = expectNonNegativeInteger('concurrency', opts.concurrency ?? 4) || 1;
  const files = await opts.journal.files();
  const journals = await mapConcurrent(files, concurrency, (file) => recoverFile(file, ctx));
  const ok = journals.every((j) => j.status !== 'incomplete' && j.status !== 'corrupt');
  return { ok, durationMs: performance.now() - started, journals };
}

async function recoverFile(file: string, ctx: RecoveryContext): Promise<JournalRecovery> {
  const claimant = claimantOf(file);
  if (claimant && (await readStartTime(claimant.pid, ctx.reader)) === claimant.startTime) {
    return { file, status: 'claimed-elsewhere', entries: [] };
  }
  try {
    const before = await readJournal(file);
    const about = { file, scope: before.scope, owner: before.owner };
    if (!claimant && (await isOwnerAlive(before.owner, ctx.reader))) {
      return { ...about, status: 'owner-alive', entries: [] };
    }
    const claimed = await claimJournal(file, ctx.me);
    if (!claimed) return { ...about, status: 'claimed-elsewhere', entries: [] };
    return { ...about, ...(await releaseClaimed(claimed, ctx)) };
  } catch (error) {
    // Renamed or removed under us: another recoverer is on it.
    if (errorCode(error) === 'ENOENT') return { file, status: 'claimed-elsewhere', entries: [] };
    return { file, status: 'corrupt', entries: [], error: serializeError(error) };
  }
}

/** Releases what a claimed journal left, newest first, recording each success in the file. */
async function releaseClaimed(
  claimed: string,
  ctx: RecoveryContext,
): Promise<Pick<JournalRecovery, 'status' | 'entries'>> {
  const { resources } = await readJournal(claimed);
  const pending = resources
    .filter((resource) => resource.state === 'pending' || resource.state === 'acquired')
    .sort((a, b) => b.seq - a.seq);
  const entries = [];
  for (const resource of pending) {
    const entry = await releaseRecovered(resource, ctx.kinds, ctx.releaseTimeoutMs);
    entries.push(entry);
    // So that a recoverer dying half-way is not followed by repeated releases.
    if (entry.status === 'released') {
      await appendFile(claimed, `${JSON.stringify({ t: 'released', seq: resource.seq })}\n`);
    }
  }
  if (entries.every((entry) => entry.status === 'released')) {
    await unlink(claimed);
    return { status: 'recovered', entries };
  }
  await unclaimJournal(claimed);
  return { status: 'incomplete', entries };
}
