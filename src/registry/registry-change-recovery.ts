import { existsSync } from 'node:fs';
import { z } from 'zod';
import { LeakproofError } from '../errors/leakproof-error.js';
import { defineRecoverableKind, type RecoverableKind } from '../journal/recoverable-kind.js';
import {
  type RegistryOperation,
  unregisterAgentOperation,
  unregisterGlobalAgentOperation,
} from './registry-operation.js';
import { RegistryStore } from './registry-store.js';

/**
 * A journalled registry change cannot be reverted after a crash: it had no `undo` operation, or
 * names one this `recover()` does not know. The journal stays for an operator (or a `recover()`
 * given the operation) to finish.
 *
 * @example
 * ```ts
 * await recover({ journal, kinds: [registryChangeRecovery([...builtinRegistryOperations, myOp])] });
 * ```
 */
export class RegistryChangeUnrecoverableError extends LeakproofError<'REGISTRY_CHANGE_UNRECOVERABLE'> {
  constructor(change: string, why: string) {
    super(
      'REGISTRY_CHANGE_UNRECOVERABLE',
      `Cannot revert registry change "${change}" after a crash: ${why}`,
    );
  }
}
RegistryChangeUnrecoverableError.prototype.name = 'RegistryChangeUnrecoverableError';

/**
 * The registry operations `recover()` knows without being told.
 *
 * @example
 * ```ts
 * registryChangeRecovery([...builtinRegistryOperations, closeTicket]);
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: operations over different documents and arguments
export const builtinRegistryOperations: readonly RegistryOperation<any, any>[] = [
  unregisterAgentOperation,
  unregisterGlobalAgentOperation,
];

/**
 * What a registry change journals: the registry, the change's label and its undo.
 *
 * @example
 * ```ts
 * const intent: RegistryChangeIntent = {
 *   registry: '/w/TASK-1/AGENT_REGISTRY.json',
 *   change: 'register a1',
 *   undo: { operation: 'unregister-agent', args: { id: 'a1', nonce: 'n1' } },
 * };
 * ```
 */
export interface RegistryChangeIntent {
  readonly registry: string;
  readonly change: string;
  readonly undo?: { readonly operation: string; readonly args: unknown } | undefined;
}

const RegistryChangeIntentSchema: z.ZodType<RegistryChangeIntent> = z.object({
  registry: z.string().startsWith('/'),
  change: z.string(),
  undo: z.object({ operation: z.string(), args: z.unknown() }).optional(),
});

/**
 * The recoverable kind for `registry-change` resources: applies the journalled `undo` operation
 * to the registry under its lock. A registry file that does not exist was never changed.
 * Pass your own operations to make your own `undo`s recoverable.
 *
 * @example
 * ```ts
 * await recover({ journal, kinds: [registryChangeRecovery([...builtinRegistryOperations, op])] });
 * ```
 */
export function registryChangeRecovery(
  // biome-ignore lint/suspicious/noExplicitAny: operations over different documents and arguments
  operations: readonly RegistryOperation<any, any>[] = builtinRegistryOperations,
): RecoverableKind<RegistryChangeIntent, unknown> {
  const byName = new Map(operations.map((operation) => [operation.name, operation]));
  return defineRecoverableKind({
    kind: 'registry-change',
    intent: RegistryChangeIntentSchema,
    release: async ({ intent }, { signal }) => {
      if (!intent.undo) throw new RegistryChangeUnrecoverableError(intent.change, 'it has no undo');
      const operation = byName.get(intent.undo.operation);
      if (!operation) {
        throw new RegistryChangeUnrecoverableError(
          intent.change,
          `unknown operation "${intent.undo.operation}"`,
        );
      }
      const args = operation.args.parse(intent.undo.args);
      if (!existsSync(intent.registry)) return;
      const store = new RegistryStore({
        path: intent.registry,
        schema: operation.schema,
        initial: () => {
          throw new RegistryChangeUnrecoverableError(intent.change, 'the registry disappeared');
        },
      });
      await store.update((document) => operation.apply(document, args), { signal });
    },
  });
}
