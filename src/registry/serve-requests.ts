import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createFile, mkdir, readdir, readText, rename, rmdir, unlink } from './inline-fs.js';
import { type OperationRequest, parseRequests, serializeFailures } from './operation-requests.js';
import {
  claimedName,
  commitName,
  doneName,
  failedName,
  isAlive,
  okName,
  parseQueueEntry,
} from './queue-entries.js';

/** At most this many waiters' requests ride on one commit, to bound its latency. */
const maxClaimsPerCommit = 256;

/** A request ticket this holder took, with what `prepare` made of its operations. */
export interface ClaimedRequest<P> {
  readonly ticket: string;
  readonly prepared: P;
}

/**
 * The holder's side of cross-process group commit, for the queue directory `dir` (names in
 * `queue-entries.ts`). Under the lock, a holder: `resolve()`s what a crashed predecessor left,
 * `claim()`s waiting requests, applies them with its own updates, `record()`s the commit, writes
 * the registry, and `publish()`es. Every step is a rename or an exclusive create, so a SIGKILL
 * at any point leaves a state the next holder's `resolve()` settles exactly: a claimed request
 * counts as applied if and only if the registry now holds the document its commit wrote.
 */
export class RequestServer {
  readonly #dir: string;
  readonly #batch = randomBytes(6).toString('hex');
  #claimed: string[] = [];
  #emptyDir = false;
  readonly #failing = new Set<string>();
  #record: string | undefined;

  constructor(dir: string) {
    this.#dir = dir;
  }

  /** The queue's names, sorted (none when it does not exist). */
  async list(): Promise<string[]> {
    const names = await readdir(this.#dir).catch(() => undefined);
    this.#emptyDir = names?.length === 0;
    return (names ?? []).sort();
  }

  /**
   * Removes the queue directory if the last `list()` found it empty: waiters that learn their
   * outcome without reading the queue leave it behind. Never throws.
   */
  async removeIfEmpty(): Promise<void> {
    if (this.#emptyDir) await rmdir(this.#dir).catch(() => undefined);
  }

  /**
   * Settles a crashed holder's claims against the registry's current text (`undefined` when it
   * is missing or unreadable): applied (`ok`, or `done` with its `failed` file) when it is what
   * that commit recorded, else back in the queue at their old place. Removes what dead waiters
   * left. Call it holding a valid lease (only its holder may touch claims), before the registry
   * changes.
   *
   * @returns The queue's names afterwards.
   */
  async resolve(names: readonly string[], currentText: string | undefined): Promise<string[]> {
    const entries = names.map((name) => ({ name, entry: parseQueueEntry(name) }));
    const leftovers = entries.filter(({ entry }) => {
      if (entry === undefined || entry.kind === 'ticket') return false;
      return entry.kind === 'claimed' || entry.kind === 'commit' || !isAlive(entry.pid);
    });
    if (leftovers.length === 0) return [...names];
    const current = currentText === undefined ? undefined : sha256(currentText);
    // Claims exist only while their holder commits, so all of them are the one crashed commit's.
    const applied = leftovers.some(
      ({ entry }) => entry?.kind === 'commit' && entry.sha === current,
    );
    const present = new Set(names);
    for (const { name, entry } of leftovers) {
      if (entry === undefined || entry.kind === 'ticket') continue;
      const path = join(this.#dir, name);
      if (entry.kind === 'commit') await rmdir(path).catch(() => undefined);
      else if (!isAlive(entry.pid)) await unlink(path).catch(() => undefined);
      else if (entry.kind === 'claimed') {
        const failed = failedName(entry.ticket);
        if (!applied) await unlink(join(this.#dir, failed)).catch(() => undefined);
        const outcome = present.has(failed) ? doneName(entry.ticket) : okName(entry.ticket);
        // Gone meanwhile: settled by a holder that took over after our lease expired.
        await rename(path, join(this.#dir, applied ? outcome : entry.ticket)).catch(
          () => undefined,
        );
      }
    }
    return this.list();
  }

  /**
   * Takes the waiting request tickets that `prepare` accepts (it returns `undefined` for
   * operations this holder does not know: they wait for one that does), oldest first, by renaming
   * each to `claimed`; a ticket its waiter withdrew meanwhile is skipped.
   */
  async claim<P>(
    names: readonly string[],
    prepare: (requests: readonly OperationRequest[]) => P | undefined,
  ): Promise<ClaimedRequest<P>[]> {
    // A commit record that could not be removed would make the next crash's claims ambiguous.
    if (names.some((name) => parseQueueEntry(name)?.kind === 'commit')) return [];
    const tickets = names
      .flatMap((name) => {
        const entry = parseQueueEntry(name);
        return entry?.kind === 'ticket' && entry.request && isAlive(entry.pid) ? [entry] : [];
      })
      .slice(0, maxClaimsPerCommit);
    const claimed = await Promise.all(
      tickets.map(async ({ ticket, inline }): Promise<ClaimedRequest<P> | undefined> => {
        const text =
          inline === undefined
            ? await readText(join(this.#dir, ticket)).catch(() => '')
            : Buffer.from(inline, 'base64url').toString();
        const requests = parseRequests(text);
        const prepared = requests === undefined ? undefined : prepare(requests);
        if (prepared === undefined) return undefined;
        const taken = await rename(
          join(this.#dir, ticket),
          join(this.#dir, claimedName(ticket)),
        ).then(
          () => true,
          () => false,
        );
        return taken ? { ticket, prepared } : undefined;
      }),
    );
    const taken = claimed.filter((claim) => claim !== undefined);
    this.#claimed = taken.map(({ ticket }) => ticket);
    return taken;
  }

  /**
   * Before the registry is replaced by `text`: writes each claim's failures (`errors[i][j]` for
   * request j of claim i, `undefined` when it applied), then the commit record that makes the
   * claims count as applied once the registry holds `text`.
   */
  async record(text: string, errors: readonly (readonly unknown[])[]): Promise<void> {
    if (this.#claimed.length === 0) return;
    await Promise.all(
      this.#claimed.map((ticket, index) => {
        const failures = errors[index] ?? [];
        if (failures.every((error) => error === undefined)) return undefined;
        this.#failing.add(ticket);
        return createFile(join(this.#dir, failedName(ticket)), serializeFailures(failures));
      }),
    );
    this.#record = commitName(this.#batch, sha256(text));
    // A directory: one syscall to make, one to remove.
    await mkdir(join(this.#dir, this.#record));
  }

  /**
   * After the registry holds the recorded text: marks every claim `ok` (or `done` when it has
   * failures), then drops the record.
   */
  async publish(): Promise<void> {
    await Promise.all(
      this.#claimed.map((ticket) => {
        const outcome = this.#failing.has(ticket) ? doneName(ticket) : okName(ticket);
        return rename(join(this.#dir, claimedName(ticket)), join(this.#dir, outcome));
      }),
    );
    if (this.#record !== undefined) await rmdir(join(this.#dir, this.#record));
  }
}

/** The hex SHA-256 of a document's text. */
function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
