import type { Updater } from './pending-update.js';
import { messageOf, RegistryOperationError } from './registry-errors.js';
import type { RegistryOperation } from './registry-operation.js';

/**
 * The updater that applies a named operation: its arguments are checked by the operation's own
 * schema first (they may come from another process), and whatever it throws becomes a
 * {@link RegistryOperationError}, so a failure reads the same wherever it was applied.
 */
export function operationUpdater<T>(
  path: string,
  operation: RegistryOperation<T, unknown>,
  args: unknown,
): Updater<T> {
  return (document) => {
    const parsed = operation.args.safeParse(args);
    if (!parsed.success) {
      const reason = `invalid arguments: ${parsed.error.issues.map((i) => i.message).join('; ')}`;
      throw new RegistryOperationError(path, operation.name, reason, { cause: parsed.error });
    }
    try {
      return operation.apply(document, parsed.data);
    } catch (error) {
      throw new RegistryOperationError(path, operation.name, messageOf(error), { cause: error });
    }
  };
}
