import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { LeakproofError } from '../errors/leakproof-error.js';
import { expectNonNegativeInteger, expectOptionsObject } from '../internal/expect.js';

/**
 * Which calls of a resource {@link withFault} makes fail, and how.
 *
 * @example
 * ```ts
 * const fault: Fault = { at: 'release', mode: 'hang', nth: 2, times: 1 };
 * ```
 */
export interface Fault {
  /** The method that fails. */
  readonly at: 'acquire' | 'release';
  /**
   * `reject`: returns a rejected promise; `throw`: throws synchronously; `hang`: never settles
   * until the call's `signal` aborts, then rejects with its reason.
   */
  readonly mode: 'reject' | 'throw' | 'hang';
  /** The first failing call of that method, counting from 1. @defaultValue `1` */
  readonly nth?: number;
  /** How many calls fail from the `nth` on. @defaultValue `Infinity` */
  readonly times?: number;
}

/**
 * The error a faulty call rejects or throws with (a hang rejects with its signal's reason).
 *
 * @example
 * ```ts
 * await assert.rejects(scope.acquire(faulty), (e) => e instanceof InjectedFaultError);
 * ```
 */
export class InjectedFaultError extends LeakproofError<'INJECTED_FAULT'> {
  /** The method that failed. */
  readonly at: Fault['at'];
  /** Which call of that method it was, counting from 1. */
  readonly call: number;

  constructor(label: string, at: Fault['at'], call: number) {
    super('INJECTED_FAULT', `Injected fault in ${at} call ${call} of ${label}`);
    this.at = at;
    this.call = call;
  }
}
InjectedFaultError.prototype.name = 'InjectedFaultError';

/**
 * Counts the calls of one or more wrapped resources and decides which fail.
 *
 * @example
 * ```ts
 * const failing = faultInjector(fault).inject('lease', 'acquire', signal); // undefined: go ahead
 * ```
 */
export interface FaultInjector {
  /** How many calls have failed so far. */
  readonly faults: number;
  /** A failing outcome for this call (or a synchronous throw), or `undefined` to let it through. */
  inject(label: string, method: Fault['at'], signal: AbortSignal): Promise<never> | undefined;
}

/** Validates `fault` and returns a fresh injector for it. */
export function faultInjector(fault: Fault): FaultInjector {
  const { at, mode, first, last } = parseFault(fault);
  const calls = { acquire: 0, release: 0 };
  let faults = 0;
  return {
    get faults() {
      return faults;
    },
    inject(label, method, signal) {
      const call = ++calls[method];
      if (method !== at || call < first || call > last) return undefined;
      faults++;
      const error = new InjectedFaultError(label, method, call);
      if (mode === 'throw') throw error;
      if (mode === 'reject') return Promise.reject(error);
      return hang(signal);
    },
  };
}

function parseFault(fault: Fault): {
  at: Fault['at'];
  mode: Fault['mode'];
  first: number;
  last: number;
} {
  const opts = expectOptionsObject('fault', fault);
  if (opts.at !== 'acquire' && opts.at !== 'release') {
    throw new InvalidOptionError('at', '`acquire` or `release`', opts.at);
  }
  if (opts.mode !== 'reject' && opts.mode !== 'throw' && opts.mode !== 'hang') {
    throw new InvalidOptionError('mode', '`reject`, `throw` or `hang`', opts.mode);
  }
  const first = expectNonNegativeInteger('nth', opts.nth ?? 1);
  if (first === 0) throw new InvalidOptionError('nth', 'a positive integer', first);
  const times = opts.times === undefined ? Infinity : expectNonNegativeInteger('times', opts.times);
  return { at: opts.at, mode: opts.mode, first, last: first + times - 1 };
}

/** Settles only when `signal` aborts, as a well-behaved hung call should. */
function hang(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
