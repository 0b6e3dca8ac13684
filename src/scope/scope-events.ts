import { emitEvent } from '../internal/emit-event.js';
import type { RollbackEntry, RollbackReport } from './rollback-report.js';

/**
 * What a scope reports to its `onEvent` listener, in the order things happen.
 *
 * @example
 * ```ts
 * new ResourceScope({ onEvent: (event) => log.debug(event.type, event) });
 * ```
 */
export type ScopeEvent =
  | {
      readonly type: 'acquire';
      readonly scope: string;
      readonly kind: string;
      readonly label: string;
    }
  | ({ readonly type: 'release'; readonly scope: string } & RollbackEntry)
  | { readonly type: 'commit'; readonly scope: string; readonly kept: number }
  | { readonly type: 'rollback'; readonly scope: string; readonly report: RollbackReport };

/**
 * Listener for {@link ScopeEvent}s. A listener that throws does not disturb the scope: the error
 * becomes a process warning (code `LEAKPROOF_EVENT_LISTENER`).
 *
 * @example
 * ```ts
 * const onEvent: ScopeEventListener = (event) => metrics.count(`scope.${event.type}`);
 * ```
 */
export type ScopeEventListener = (event: ScopeEvent) => void;

/** Calls the listener; a throwing listener becomes a warning (see `emitEvent`). */
export const emitScopeEvent: (listener: ScopeEventListener | undefined, event: ScopeEvent) => void =
  emitEvent;
