import { InvalidOptionError } from '../errors/invalid-option-error.js';
import type { OperationRequest } from './operation-requests.js';
import { operationUpdater } from './operation-updater.js';
import type { Updater } from './pending-update.js';
import type { RegistryOperation } from './registry-operation.js';

/**
 * The named operations one store knows, by name: those it may apply for other processes. Two
 * different operations under one name would apply one process's request with another's code,
 * so that is refused.
 */
export class OperationBook<T> {
  readonly #path: string;
  readonly #byName = new Map<string, RegistryOperation<T, unknown>>();

  constructor(path: string, operations: readonly RegistryOperation<T, unknown>[]) {
    this.#path = path;
    for (const operation of operations) this.add(operation);
  }

  /** @throws {@link InvalidOptionError} for a malformed operation or a name already taken. */
  add(operation: RegistryOperation<T, unknown>): void {
    const shaped =
      typeof operation === 'object' &&
      operation !== null &&
      typeof operation.name === 'string' &&
      operation.name.length > 0 &&
      typeof operation.apply === 'function' &&
      typeof operation.args?.safeParse === 'function';
    if (!shaped) {
      throw new InvalidOptionError(
        'operation',
        'a RegistryOperation (name, args, apply)',
        operation,
      );
    }
    const known = this.#byName.get(operation.name);
    if (known !== undefined && known !== operation) {
      throw new InvalidOptionError(
        'operation',
        `the one operation named "${operation.name}" this store knows`,
        operation,
      );
    }
    this.#byName.set(operation.name, operation);
  }

  /** The updaters of a waiter's requests, or `undefined` when one names an unknown operation. */
  updatersOf(requests: readonly OperationRequest[]): Updater<T>[] | undefined {
    const updaters: Updater<T>[] = [];
    for (const { operation: name, args } of requests) {
      const operation = this.#byName.get(name);
      if (operation === undefined) return undefined;
      updaters.push(operationUpdater(this.#path, operation, args));
    }
    return updaters;
  }
}
