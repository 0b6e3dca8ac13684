import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { expectNonNegativeInteger, expectOptionsObject } from '../internal/expect.js';
import { openScopes, startTracking } from './open-scopes.js';
import { settleWithin } from './settle-within.js';

/**
 * Options of {@link rollbackOnSignal}.
 *
 * @example
 * ```ts
 * rollbackOnSignal({ signals: ['SIGTERM'], deadlineMs: 5_000 });
 * ```
 */
export interface RollbackOnSignalOptions {
  /** @defaultValue `['SIGINT', 'SIGTERM']` */
  readonly signals?: readonly NodeJS.Signals[];
  /** How long the rollbacks may take before the process exits anyway. @defaultValue `10_000` */
  readonly deadlineMs?: number;
}

/**
 * Opt-in: on SIGINT/SIGTERM, roll back every open root scope (created after this call) within a
 * deadline, then let the signal take its usual course — the process dies of it (exit status
 * 128 + n) unless other listeners handle it. A second signal during the rollback exits at once.
 * Call it once at start-up; dispose the returned handle to uninstall.
 *
 * @throws {@link InvalidOptionError} for bad options.
 * @example
 * ```ts
 * using _signals = rollbackOnSignal({ deadlineMs: 5_000 });
 * await using scope = new ResourceScope({ journal });
 * await scope.acquire(tmuxSession({ name, command, cwd, env })); // Ctrl-C: rolled back, then exit
 * ```
 */
export function rollbackOnSignal(options?: RollbackOnSignalOptions): Disposable {
  const opts = expectOptionsObject('options', options);
  const signals = opts.signals ?? (['SIGINT', 'SIGTERM'] as const);
  if (!Array.isArray(signals) || signals.length === 0) {
    throw new InvalidOptionError('signals', 'a non-empty array of signal names', signals);
  }
  const deadlineMs = expectNonNegativeInteger('deadlineMs', opts.deadlineMs ?? 10_000);
  const stopTracking = startTracking();
  let rollingBack = false;
  const uninstall = (): void => {
    for (const signal of signals) process.off(signal, onSignal);
    stopTracking();
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (rollingBack) {
      uninstall();
      process.kill(process.pid, signal);
      return;
    }
    rollingBack = true;
    const rollbacks = openScopes().map((scope) => scope.rollback(`received ${signal}`));
    void settleWithin(rollbacks, deadlineMs).then(() => {
      uninstall();
      // Re-raised with our handler gone: the default action ends the process as the signal would.
      process.kill(process.pid, signal);
    });
  };
  for (const signal of signals) process.on(signal, onSignal);
  return { [Symbol.dispose]: uninstall };
}
