import { join } from 'node:path';
import { createFile, mkdir, readdir, readText, rename, rmdir, unlink } from './inline-fs.js';
import {
  claimedName,
  doneName,
  failedName,
  isAlive,
  maxInlineLength,
  newTicketName,
  okName,
  parseQueueEntry,
  tempName,
} from './queue-entries.js';

/** Where this waiter stands, from one `readdir` of the queue. */
export type QueueState =
  | { readonly state: 'queued'; readonly ahead: string | undefined }
  | { readonly state: 'claimed'; readonly path: string }
  | { readonly state: 'done'; readonly failed: boolean }
  | { readonly state: 'missing' };

/**
 * An advisory FIFO of the processes waiting for one registry lock: one ticket file per waiter in
 * `<file>.lock.queue/` (names in `queue-entries.ts`), sorted by arrival. Only the head of the
 * queue tries `mkdir` when the lock is released and each other waiter waits for the ticket just
 * ahead of it, so waiters take turns instead of racing, and a release wakes one process — that
 * keeps p99 flat as writers are added. The `mkdir` lock alone still provides mutual exclusion: a
 * dead waiter's ticket is skipped, and a waiter that waited longer than `staleMs` tries
 * regardless of its place.
 *
 * A request ticket also carries named operations that the lock holder may apply on the waiter's
 * behalf (cross-process group commit): it then moves to `claimed` and `done` without its waiter
 * ever taking the lock.
 */
export class LockQueue {
  /** The queue directory. */
  readonly dir: string;
  #ticket: string | undefined;
  /** Whether the last look at the queue saw other waiters (then they remove the directory). */
  #othersSeen = false;

  constructor(lockPath: string) {
    this.dir = `${lockPath}.queue`;
  }

  /** The path of this waiter's ticket, once it has one. */
  get ticketPath(): string | undefined {
    return this.#ticket === undefined ? undefined : join(this.dir, this.#ticket);
  }

  /** Whether another process is queued (then a newcomer queues too rather than cutting in). */
  async othersWaiting(): Promise<boolean> {
    return (await this.#names()).some(
      (name) => name !== this.#ticket && parseQueueEntry(name)?.kind === 'ticket',
    );
  }

  /**
   * Adds this waiter at the tail, with `requests` (a request file's text) for the holder to apply.
   * A plain ticket never throws — without one this waiter simply tries whenever woken (the queue
   * is advisory) — but a request ticket must exist, or nobody would apply it.
   *
   * @throws The last filesystem error, for a request ticket only.
   */
  async join(requests?: string): Promise<void> {
    const inline = requests === undefined ? undefined : Buffer.from(requests).toString('base64url');
    const inName = inline !== undefined && inline.length <= maxInlineLength;
    const name = newTicketName(
      requests === undefined ? 'plain' : 'request',
      inName ? inline : undefined,
    );
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        // The directory usually exists: make it only after a first failure.
        if (attempt > 0) await mkdir(this.dir).catch(ignoreExisting);
        if (requests === undefined || inName) await createFile(join(this.dir, name), '');
        else await this.#writeRequests(name, requests);
        this.#ticket = name;
        return;
      } catch (error) {
        // No queue directory yet, or the last waiter removed it meanwhile: make it.
        lastError = error;
      }
    }
    if (requests !== undefined) throw lastError;
  }

  /** Where this waiter stands. Tickets of dead processes ahead of it are removed on the way. */
  async state(): Promise<QueueState> {
    const ticket = this.#ticket;
    if (ticket === undefined) return { state: 'queued', ahead: undefined };
    let ahead: string | undefined;
    let own: QueueState = { state: 'missing' };
    let done = false;
    let failed = false;
    let others = false;
    for (const name of await this.#names()) {
      const entry = parseQueueEntry(name);
      if (entry === undefined || entry.kind === 'commit') continue;
      if (entry.ticket === ticket) {
        done ||= entry.kind === 'done' || entry.kind === 'ok';
        failed ||= entry.kind === 'failed';
        if (entry.kind === 'ticket') own = { state: 'queued', ahead: undefined };
        if (entry.kind === 'claimed') own = { state: 'claimed', path: join(this.dir, name) };
      } else if (entry.kind === 'ticket' && name < ticket) {
        if (isAlive(entry.pid)) ahead = name;
        else await unlink(join(this.dir, name)).catch(() => undefined);
      } else others = true;
    }
    this.#othersSeen = ahead !== undefined || others;
    // `ok`/`done` is the last state, and only this waiter removes it; `failed` comes before it.
    if (done) return { state: 'done', failed };
    if (own.state !== 'queued') return own;
    return { state: 'queued', ahead: ahead === undefined ? undefined : join(this.dir, ahead) };
  }

  /**
   * Leaves the queue, and removes the queue directory when it was the last one in it. Never throws.
   *
   * @returns Whether the ticket was still queued; `false` once a holder claimed a request ticket
   * (its outcome must then be awaited).
   */
  async leave(): Promise<boolean> {
    const ticket = this.#ticket;
    if (ticket === undefined) return true;
    const withdrawn = await unlink(join(this.dir, ticket)).then(
      () => true,
      (error: NodeJS.ErrnoException) => error.code !== 'ENOENT',
    );
    if (withdrawn) await this.#forget(ticket);
    return withdrawn;
  }

  /**
   * After `done`: reads the `.failed` file when there is one, removes the request's outcome files
   * and leaves the queue.
   *
   * @returns The `.failed` file's text, or `undefined` when every request applied.
   */
  async takeOutcome(failed: boolean): Promise<string | undefined> {
    const ticket = this.#ticket;
    if (ticket === undefined) return undefined;
    const failedPath = join(this.dir, failedName(ticket));
    const text = failed ? await readText(failedPath) : undefined;
    const outcome = failed
      ? [failedPath, join(this.dir, doneName(ticket))]
      : [join(this.dir, okName(ticket))];
    await Promise.all(outcome.map((path) => unlink(path).catch(() => undefined)));
    await this.#forget(ticket);
    return text;
  }

  /**
   * The common case without a `readdir`: when the request is `ok` (applied, nothing failed),
   * removes that marker and leaves the queue.
   *
   * @returns Whether it was `ok`.
   */
  async takeOk(): Promise<boolean> {
    const ticket = this.#ticket;
    if (ticket === undefined) return false;
    const ok = await unlink(join(this.dir, okName(ticket))).then(
      () => true,
      () => false,
    );
    // Busy enough to take this path: leave the queue directory to the holder, which removes it
    // once it finds it empty.
    if (ok && this.#ticket === ticket) this.#ticket = undefined;
    return ok;
  }

  /** Where a claim of this waiter's request ticket would be (to wait for it without a `readdir`). */
  get claimedPath(): string | undefined {
    return this.#ticket === undefined ? undefined : join(this.dir, claimedName(this.#ticket));
  }

  /**
   * Drops `ticket` — unless this waiter joined again meanwhile (a `leave()` nobody awaited):
   * forgetting the new ticket would leave it in the queue as a live waiter's that never moves.
   */
  async #forget(ticket: string): Promise<void> {
    if (this.#ticket === ticket) this.#ticket = undefined;
    // The last one to leave removes the directory (ENOTEMPTY while others wait).
    if (!this.#othersSeen) await rmdir(this.dir).catch(() => undefined);
  }

  /** Writes the requests under a temp name first, so a holder never reads half a ticket. */
  async #writeRequests(name: string, requests: string): Promise<void> {
    const temp = join(this.dir, tempName(name));
    await createFile(temp, requests);
    await rename(temp, join(this.dir, name));
  }

  async #names(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.sort();
  }
}

function ignoreExisting(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EEXIST') throw error;
}
