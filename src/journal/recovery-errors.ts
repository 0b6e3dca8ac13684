import { LeakproofError } from '../errors/leakproof-error.js';

/**
 * A journalled resource's kind has no {@link RecoverableKind} registered, so recovery cannot
 * release it; its journal stays for a later `recover({ kinds })` that knows the kind.
 *
 * @example
 * ```ts
 * await recover({ journal, kinds: [leaseKind] }); // registers 'lease'
 * ```
 */
export class UnknownResourceKindError extends LeakproofError<'UNKNOWN_RESOURCE_KIND'> {
  constructor(kind: string) {
    super(
      'UNKNOWN_RESOURCE_KIND',
      `No recoverable kind is registered for resources of kind "${kind}"`,
    );
  }
}
UnknownResourceKindError.prototype.name = 'UnknownResourceKindError';

/**
 * A journalled descriptor does not match its kind's schema; nothing was released for it.
 *
 * @example
 * ```ts
 * if (entry.error?.code === 'INVALID_DESCRIPTOR') inspect(file);
 * ```
 */
export class InvalidDescriptorError extends LeakproofError<'INVALID_DESCRIPTOR'> {
  constructor(kind: string, which: 'intent' | 'acquired', cause: unknown) {
    super('INVALID_DESCRIPTOR', `The journalled ${which} of a "${kind}" resource is not valid`, {
      cause,
    });
  }
}
InvalidDescriptorError.prototype.name = 'InvalidDescriptorError';
