import type { FileHandle } from 'node:fs/promises';
import { open, unlink } from 'node:fs/promises';
import type { JsonValue } from '../scope/resource.js';
import { JournalWriteError } from './journal-errors.js';
import type { JournalRecord, OwnerIdentity } from './journal-records.js';

/**
 * Called around every record written, for fault injection (e.g. SIGKILL between two steps).
 *
 * @example
 * ```ts
 * const onWrite: JournalWriteHook = (record, phase) =>
 *   record.t === 'acquired' && phase === 'before' && process.kill(process.pid, 'SIGKILL');
 * ```
 */
export type JournalWriteHook = (record: JournalRecord, phase: 'before' | 'after') => void;

/** What a scope journal needs from the journal that made it. */
export interface ScopeJournalConfig {
  readonly file: string;
  readonly scope: string;
  readonly durable: boolean;
  readonly owner: () => Promise<OwnerIdentity>;
  readonly onWrite: JournalWriteHook | undefined;
}

/**
 * The append-only record of one scope tree (a root scope, its children and scopes moved out of
 * it), in one file. Writes are queued so records land in call order. The file appears with the
 * first record and disappears once every resource is released or kept and no scope uses it.
 * Intents, refinements, acquisitions and commits are fsync'd when durable; releases are not (a
 * lost one only makes recovery repeat an idempotent release).
 */
export class ScopeJournal {
  readonly #config: ScopeJournalConfig;
  #handle: FileHandle | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #nextSeq = 0;
  readonly #unsettled = new Set<number>();
  #users = 1;

  constructor(config: ScopeJournalConfig) {
    this.#config = config;
  }

  /** Another scope (a child, a moved scope) now writes here too. */
  attach(): void {
    this.#users++;
  }

  /** A scope using this journal closed; the last one out removes a settled file. */
  detach(): Promise<void> {
    this.#users--;
    return this.#enqueue(() => this.#removeIfSettled());
  }

  /** Announces a side effect before it happens; returns the resource's sequence number. */
  async intent(kind: string, label: string, intent: JsonValue): Promise<number> {
    const seq = this.#nextSeq++;
    this.#unsettled.add(seq);
    await this.#append({ t: 'intent', seq, kind, label, intent, at: Date.now() }, true);
    return seq;
  }

  /** Refines an intent during acquire, before the next side effect. */
  update(seq: number, intent: JsonValue): Promise<void> {
    return this.#append({ t: 'update', seq, intent }, true);
  }

  acquired(seq: number, acquired: JsonValue | undefined): Promise<void> {
    const record =
      acquired === undefined
        ? { t: 'acquired' as const, seq }
        : { t: 'acquired' as const, seq, acquired };
    return this.#append(record, true);
  }

  released(seq: number): Promise<void> {
    this.#unsettled.delete(seq);
    return this.#append({ t: 'released', seq }, false);
  }

  /** Marks resources kept for good: recovery will never release them. */
  committed(seqs: readonly number[]): Promise<void> {
    if (seqs.length === 0) return Promise.resolve();
    for (const seq of seqs) this.#unsettled.delete(seq);
    return this.#append({ t: 'committed', seqs: [...seqs] }, true);
  }

  #append(record: JournalRecord, durable: boolean): Promise<void> {
    return this.#enqueue(async () => {
      try {
        // Inside the try: a throwing hook stands for a failing disk in fault-injection tests.
        this.#config.onWrite?.(record, 'before');
        const lines = this.#handle ? [record] : [await this.#openRecord(), record];
        this.#handle ??= await open(this.#config.file, 'wx', 0o600);
        await this.#handle.write(`${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
        if (durable && this.#config.durable) await this.#handle.datasync();
      } catch (error) {
        throw new JournalWriteError(this.#config.file, error);
      }
      this.#config.onWrite?.(record, 'after');
    });
  }

  async #openRecord(): Promise<JournalRecord> {
    const owner = await this.#config.owner();
    return { t: 'open', v: 1, scope: this.#config.scope, owner, at: Date.now() };
  }

  async #removeIfSettled(): Promise<void> {
    if (this.#users > 0 || !this.#handle) return;
    const handle = this.#handle;
    this.#handle = undefined;
    await handle.close();
    // Unsettled resources stay on record so that recover() finishes them after this process.
    if (this.#unsettled.size === 0) await unlink(this.#config.file).catch(() => {});
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => {});
    return run;
  }
}
