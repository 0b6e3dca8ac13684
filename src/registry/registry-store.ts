import { rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { expectFunction, expectOptionsObject } from '../internal/expect.js';
import type { Resource } from '../scope/resource.js';
import { applyBatch } from './apply-batch.js';
import { checkDocument, serializeDocument } from './document-checks.js';
import { InterProcessLock, type LockHold } from './inter-process-lock.js';
import { PendingUpdate, type UpdateOptions, type Updater } from './pending-update.js';
import { readDocument } from './read-document.js';
import { type RegistryChange, registryChange } from './registry-change.js';
import { RegistryCorruptError } from './registry-corrupt-error.js';
import {
  RegistryInvalidDocumentError,
  RegistryIoError,
  RegistryNotCorruptError,
} from './registry-errors.js';
import { emitRegistryEvent } from './registry-events.js';
import {
  type ParsedRegistryOptions,
  parseRegistryOptions,
  type RegistryStoreOptions,
} from './registry-store-options.js';
import { sweepTempFiles } from './sweep-temp-files.js';
import { fsyncDirectory, writeDocument } from './write-document.js';

/**
 * A JSON registry file shared by many processes: reads need no lock, updates take an
 * inter-process lock, are validated by the schema before anything is written, and replace the
 * file atomically and durably. Concurrent updates of one store are coalesced into one lock and
 * one write (group commit); an updater that throws or returns an invalid document fails alone.
 * A corrupt file is never treated as empty nor overwritten: every operation throws
 * {@link RegistryCorruptError} until it is repaired or moved aside with `quarantine()`.
 *
 * Share one store per file within a process: group commit happens inside a store.
 *
 * @typeParam T - The document type, the schema's output.
 * @example
 * ```ts
 * const tasks = new RegistryStore({
 *   path: '/work/task/AGENT_REGISTRY.json',
 *   schema: AgentRegistrySchema,
 *   initial: () => emptyAgentRegistry(),
 * });
 * await using scope = new ResourceScope({ name: 'deploy a1' });
 * await scope.acquire(tasks.change({
 *   apply: (registry) => registerAgent(registry, agent),
 *   revert: (registry) => unregisterAgent(registry, agent.id),
 * }));
 * await scope.commit();
 * ```
 */
export class RegistryStore<T> {
  /** The absolute path of the registry file. */
  readonly path: string;
  readonly #options: ParsedRegistryOptions<T>;
  readonly #lock: InterProcessLock;
  #queue: PendingUpdate<T>[] = [];
  #draining = false;
  #exclusive: Promise<unknown> = Promise.resolve();
  #lastSweep = Number.NEGATIVE_INFINITY;

  /** @throws {@link InvalidOptionError} when an option has the wrong type. */
  constructor(options: RegistryStoreOptions<T>) {
    this.#options = parseRegistryOptions(options);
    this.path = this.#options.path;
    this.#lock = new InterProcessLock(this.#options);
  }

  /**
   * Reads and validates the registry without taking the lock; a missing file reads as
   * `initial()` (nothing is written).
   *
   * @throws {@link RegistryCorruptError} when the file is unusable; {@link RegistryIoError}.
   */
  async read(): Promise<T> {
    const stored = await readDocument(this.#options);
    return stored.exists ? stored.value : this.#initialDocument();
  }

  /**
   * Applies `updater` under the lock and writes the result once the schema accepts it. Calls made
   * while a write is in flight are committed together by the next one.
   *
   * @returns The document as written by the group commit that carried this update.
   * @throws What `updater` threw; {@link RegistryInvalidDocumentError} for an invalid result;
   * {@link RegistryCorruptError}, {@link RegistryLockTimeoutError},
   * {@link RegistryLockCompromisedError}, {@link RegistryIoError},
   * {@link RegistryUpdateAbortedError}.
   */
  update(updater: Updater<T>, options?: UpdateOptions): Promise<T> {
    expectFunction('updater', updater);
    const pending = new PendingUpdate(this.path, updater, expectOptionsObject('options', options));
    if (!pending.settled) {
      this.#queue.push(pending);
      if (!this.#draining) {
        this.#draining = true;
        // A microtask later, so updates issued in the same tick share one commit.
        queueMicrotask(() => void this.#drain());
      }
    }
    return pending.promise;
  }

  /**
   * A {@link Resource} of kind `registry-change` for `scope.acquire`: acquiring applies
   * `change.apply`, rolling back applies `change.revert`, each under the lock.
   */
  change(change: RegistryChange<T>): Resource<T> {
    return registryChange(this, change);
  }

  /**
   * Moves a corrupt registry file aside to `<file>.corrupt-<timestamp>` under the lock, so the
   * next update starts from `initial()`. This is the only way a corrupt file is ever replaced.
   *
   * @returns Where the file went, or `undefined` when there was no file.
   * @throws {@link RegistryNotCorruptError} when the file is valid (it is left in place).
   */
  quarantine(): Promise<string | undefined> {
    return this.#serially(() =>
      this.#underLock(async (hold) => {
        try {
          const stored = await readDocument(this.#options);
          if (!stored.exists) return undefined;
        } catch (error) {
          if (!(error instanceof RegistryCorruptError)) throw error;
          const movedTo = `${this.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
          hold.assertSafe();
          try {
            await rename(this.path, movedTo);
            await fsyncDirectory(dirname(this.path));
          } catch (cause) {
            throw new RegistryIoError(this.path, 'quarantine', cause);
          }
          emitRegistryEvent(this.#options.onEvent, {
            type: 'quarantine',
            path: this.path,
            movedTo,
          });
          return movedTo;
        }
        throw new RegistryNotCorruptError(this.path);
      }),
    );
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0);
      // Callers are resolved only after the lock is released, so their next update queues behind.
      await this.#serially(() => this.#underLock((hold) => this.#commit(batch, hold))).then(
        (settle) => settle(),
        (error) => {
          for (const update of batch) update.reject(error);
        },
      );
    }
    this.#draining = false;
  }

  /** Applies and writes one batch; returns how to settle its updates once the lock is released. */
  async #commit(batch: readonly PendingUpdate<T>[], hold: LockHold): Promise<() => void> {
    const { schema, onEvent } = this.#options;
    const stored = await readDocument(this.#options);
    const base = stored.exists ? stored.value : this.#initialDocument();
    const { next, applied } = await applyBatch(this.path, schema, base, batch);
    const text = serializeDocument(next);
    // An unchanged document is not rewritten: no fsync, and a no-op revert stays a no-op.
    const wrote = applied.length > 0 && (!stored.exists || text !== stored.text);
    if (wrote) {
      hold.assertSafe();
      await writeDocument(this.path, text, stored.exists ? stored.ownership : undefined);
    }
    emitRegistryEvent(onEvent, {
      type: 'commit',
      path: this.path,
      updates: batch.length,
      failed: batch.length - applied.length,
      wrote,
      lockWaitMs: hold.waitedMs,
    });
    return () => {
      for (const update of applied) {
        update.resolve(applied.length === 1 ? next : structuredClone(next));
      }
    };
  }

  /** Runs `task` holding the lock, after sweeping what a crashed holder may have left. */
  async #underLock<R>(task: (hold: LockHold) => Promise<R>): Promise<R> {
    const hold = await this.#lock.acquire();
    try {
      if (hold.tookOver)
        emitRegistryEvent(this.#options.onEvent, { type: 'takeover', path: this.path });
      // Temp files exist only if a writer died holding the lock. The waiter that removed its lock
      // sweeps at once; as another waiter may win the lock after that removal, every store also
      // sweeps on its first lock and then once per `staleMs`.
      const now = performance.now();
      if (hold.tookOver || now - this.#lastSweep > this.#options.staleMs) {
        this.#lastSweep = now;
        const removed = await sweepTempFiles(this.path);
        if (removed.length > 0) {
          emitRegistryEvent(this.#options.onEvent, { type: 'sweep', path: this.path, removed });
        }
      }
      return await task(hold);
    } finally {
      await hold.release();
    }
  }

  /** One lock-holding operation of this store at a time (the lock is not reentrant). */
  #serially<R>(task: () => Promise<R>): Promise<R> {
    const run = this.#exclusive.then(task);
    this.#exclusive = run.catch(() => undefined);
    return run;
  }

  #initialDocument(): T {
    const checked = checkDocument(this.#options.schema, this.#options.initial());
    if (checked.ok) return checked.value;
    throw new RegistryInvalidDocumentError(this.path, checked.issues, { cause: checked.cause });
  }
}
