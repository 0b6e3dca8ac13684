import { rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { expectFunction, expectOptionsObject } from '../internal/expect.js';
import { jsonValueSchema } from '../internal/json-value.js';
import { nextTurn } from '../internal/next-turn.js';
import type { JsonValue, Resource } from '../scope/resource.js';
import { CommitQueue } from './commit-queue.js';
import { checkDocument } from './document-checks.js';
import { OperationBook } from './operation-book.js';
import { operationUpdater } from './operation-updater.js';
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
import type { RegistryOperation } from './registry-operation.js';
import {
  type ParsedRegistryOptions,
  parseRegistryOptions,
  type RegistryStoreOptions,
} from './registry-store-options.js';
import { RequestServer } from './serve-requests.js';
import { fsyncDirectory } from './write-document.js';

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
  readonly #operations: OperationBook<T>;
  readonly #commits: CommitQueue<T>;

  /** @throws {@link InvalidOptionError} when an option has the wrong type. */
  constructor(options: RegistryStoreOptions<T>) {
    this.#options = parseRegistryOptions(options);
    this.path = this.#options.path;
    this.#operations = new OperationBook(this.path, this.#options.operations);
    this.#commits = new CommitQueue({
      options: this.#options,
      queueDir: `${this.path}.lock.queue`,
      initialDocument: () => this.#initialDocument(),
      updatersOf: (requests) => this.#operations.updatersOf(requests),
    });
  }

  /**
   * Reads and validates the registry without taking the lock; a missing file reads as
   * `initial()` (nothing is written).
   *
   * @throws {@link RegistryCorruptError} when the file is unusable; {@link RegistryIoError}.
   */
  async read(): Promise<T> {
    // The read itself is inline (`inline-fs.ts`): yield first, so a polling loop starves nothing.
    await nextTurn();
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
    this.#commits.push(pending);
    // Only run()'s updates are ever settled without a document (when another process applied them).
    return pending.promise as Promise<T>;
  }

  /**
   * Applies the named `operation` with `args` under the lock, like `update()` — and, when the
   * lock is busy, leaves the request in the lock's queue so that whichever process holds the lock
   * applies it together with its own updates: one write then carries the operations of many
   * processes (cross-process group commit). The operation is added to the ones this store knows
   * and applies for others (see the `operations` option).
   *
   * @returns Once the operation is durably applied.
   * @throws {@link RegistryOperationError} when `args` are invalid or the operation throws;
   * {@link RegistryInvalidDocumentError} for an invalid result; what `update()` throws otherwise.
   * @throws {@link InvalidOptionError} (at once) for an operation whose name is taken by another,
   * or `args` that are not plain JSON.
   * @example
   * ```ts
   * const markTerminal = defineRegistryOperation({
   *   name: 'mark-terminal',
   *   schema: AgentRegistrySchema,
   *   args: z.object({ id: z.string(), status: z.enum(['completed', 'failed']) }),
   *   apply: (registry, { id, status }) => markAgentTerminal(registry, id, status),
   * });
   * const tasks = new RegistryStore({ path, schema: AgentRegistrySchema, initial, operations: [markTerminal] });
   * await tasks.run(markTerminal, { id: 'a1', status: 'completed' });
   * ```
   */
  async run<Args>(
    operation: RegistryOperation<T, Args>,
    args: Args,
    options?: UpdateOptions,
  ): Promise<void> {
    this.#operations.add(operation as RegistryOperation<T, unknown>);
    // A copy taken now: later changes to `args` reach neither this process nor another.
    const copy = jsonCopy(args);
    const request = { operation: operation.name, args: copy };
    const updater = operationUpdater(this.path, operation as RegistryOperation<T, unknown>, copy);
    const pending = new PendingUpdate(
      this.path,
      updater,
      expectOptionsObject('options', options),
      request,
    );
    this.#commits.push(pending);
    await pending.promise;
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
    return this.#commits.exclusive(async (hold) => {
      try {
        const stored = await readDocument(this.#options);
        if (!stored.exists) return undefined;
      } catch (error) {
        if (!(error instanceof RegistryCorruptError)) throw error;
        // No commit wrote a corrupt file: every claim a crashed holder left goes back in line.
        const requests = new RequestServer(`${this.path}.lock.queue`);
        await requests.resolve(await requests.list(), undefined);
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
    });
  }

  #initialDocument(): T {
    const checked = checkDocument(this.#options.schema, this.#options.initial());
    if (checked.ok) return checked.value;
    throw new RegistryInvalidDocumentError(this.path, checked.issues, { cause: checked.cause });
  }
}

/**
 * `args` travel to other processes as JSON, so they are taken as JSON text right away (which also
 * turns `-0` into `0`, as the other side would see it); anything else — including a cycle — is
 * refused up front.
 */
function jsonCopy(args: unknown): JsonValue {
  if (jsonValueSchema.safeParse(args).success) {
    try {
      return JSON.parse(JSON.stringify(args)) as JsonValue;
    } catch {
      // A cycle: refused below.
    }
  }
  throw new InvalidOptionError(
    'args',
    'plain JSON (objects, arrays, strings, finite numbers, booleans, null; no cycles)',
    args,
  );
}
