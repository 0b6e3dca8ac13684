import type { Resource } from '../scope/resource.js';
import { type Fault, type FaultInjector, faultInjector } from './fault-injector.js';

/**
 * A resource wrapped by {@link withFault}: the same kind, label, intent and handle.
 *
 * @example
 * ```ts
 * const faulty: FaultyResource<PromptFileHandle> = withFault(promptFile(options), fault);
 * ```
 */
export interface FaultyResource<T> extends Resource<T> {
  /** How many calls have failed so far. */
  readonly faults: number;
}

/**
 * Wraps `resource` so that its `acquire` or `release` fails as `fault` says. A failing call never
 * reaches the wrapped resource — like a tmux server that is down, it does nothing — so a later
 * call outside the fault's range (a retry, `recover()`) still can. Lets a downstream test prove
 * its own rollback path.
 *
 * @throws `InvalidOptionError` (from `leakproof`) for a malformed fault.
 * @example
 * ```ts
 * await using scope = new ResourceScope();
 * await scope.acquire(promptFile({ path, content }));
 * await assert.rejects(scope.acquire(withFault(tmuxSession(options), { at: 'acquire', mode: 'reject' })));
 * ```
 */
export function withFault<T>(resource: Resource<T>, fault: Fault): FaultyResource<T> {
  return wrap(resource, faultInjector(fault));
}

/**
 * Wraps a resource factory (a kind, such as `tmuxSession`) so that every resource it makes shares
 * one count of calls: `{ at: 'release', mode: 'reject', nth: 2 }` fails the second release of any
 * of them. For code under test that builds its resources itself from a factory it is given.
 *
 * @throws `InvalidOptionError` (from `leakproof`) for a malformed fault.
 * @example
 * ```ts
 * const flakySessions = withFaultyKind(tmuxSession, { at: 'acquire', mode: 'reject', nth: 3 });
 * await assert.rejects(deployThree({ tmuxSession: flakySessions })); // the third agent fails
 * ```
 */
export function withFaultyKind<A extends unknown[], T>(
  factory: (...args: A) => Resource<T>,
  fault: Fault,
): (...args: A) => FaultyResource<T> {
  const injector = faultInjector(fault);
  return (...args) => wrap(factory(...args), injector);
}

function wrap<T>(resource: Resource<T>, injector: FaultInjector): FaultyResource<T> {
  const label = resource.label ?? resource.kind;
  return {
    kind: resource.kind,
    ...(resource.label === undefined ? {} : { label: resource.label }),
    ...(resource.intent === undefined ? {} : { intent: resource.intent }),
    ...(resource.describe ? { describe: resource.describe.bind(resource) } : {}),
    get faults() {
      return injector.faults;
    },
    acquire: (ctx) => injector.inject(label, 'acquire', ctx.signal) ?? resource.acquire(ctx),
    release: (value, ctx) =>
      injector.inject(label, 'release', ctx.signal) ?? resource.release(value, ctx),
  };
}
