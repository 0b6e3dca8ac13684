import type { OperationRequest } from './operation-requests.js';
import { RegistryUpdateAbortedError } from './registry-errors.js';

/**
 * Computes the next document from the current one. It receives a private deep copy, so mutating
 * it and returning it is fine, and so is throwing half-way: other updates never see the copy.
 *
 * @example
 * ```ts
 * const bump: Updater<Counter> = (current) => ({ ...current, count: current.count + 1 });
 * ```
 */
export type Updater<T> = (current: T) => T | Promise<T>;

/**
 * Options of one `update()` call.
 *
 * @example
 * ```ts
 * await store.update(fn, { signal: AbortSignal.timeout(2_000) });
 * ```
 */
export interface UpdateOptions {
  /** Aborting it before the update is applied rejects it with `RegistryUpdateAbortedError`. */
  readonly signal?: AbortSignal;
}

/**
 * One queued `update()` or `run()` call, settled exactly once: with the written document when
 * this process wrote it, with `undefined` when another process applied its request.
 */
export class PendingUpdate<T> {
  readonly updater: Updater<T>;
  /** For `run()`: the named operation, which another lock holder may apply instead. */
  readonly request: OperationRequest | undefined;
  #settled = false;
  readonly #resolve: (value: T | undefined) => void;
  readonly #reject: (error: unknown) => void;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort: () => void;

  constructor(
    path: string,
    updater: Updater<T>,
    options: UpdateOptions,
    request?: OperationRequest,
  ) {
    this.updater = updater;
    this.request = request;
    this.#signal = options.signal;
    // Not `Promise.withResolvers`: Node 20 lacks it.
    let resolve!: (value: T | undefined) => void;
    let reject!: (error: unknown) => void;
    this.promise = new Promise<T | undefined>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.#resolve = resolve;
    this.#reject = reject;
    this.#onAbort = () => this.reject(new RegistryUpdateAbortedError(path, this.#signal?.reason));
    if (this.#signal?.aborted) this.#onAbort();
    else this.#signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** Settles when the update is written (with the written document, if written here) or fails. */
  readonly promise: Promise<T | undefined>;

  /** Whether it is settled already (aborted, or failed while being applied). */
  get settled(): boolean {
    return this.#settled;
  }

  /** Stops listening for abort: from here on the update's fate is the batch's. */
  claim(): boolean {
    this.#signal?.removeEventListener('abort', this.#onAbort);
    return !this.#settled;
  }

  /** Fulfils the update with the written document, if known (ignored once settled). */
  resolve(value: T | undefined): void {
    if (this.#settle()) this.#resolve(value);
  }

  /** Fails the update (ignored once settled). */
  reject(error: unknown): void {
    if (this.#settle()) this.#reject(error);
  }

  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    this.#signal?.removeEventListener('abort', this.#onAbort);
    return true;
  }
}
