import { emitEvent } from '../internal/emit-event.js';
/**
 * What a {@link RegistryStore} reports to its `onEvent` listener.
 *
 * - `commit`: one group commit — how many updates it carried (`remote` of them requests of other
 *   processes, see `run()`), how many failed alone, whether the file was written (an unchanged
 *   document is not), and how long it waited for the lock.
 * - `takeover`: a crashed holder's stale lock was removed.
 * - `sweep`: temp files left by SIGKILLed writers were removed.
 * - `quarantine`: a corrupt file was moved aside.
 *
 * @example
 * ```ts
 * new RegistryStore({ path, schema, initial, onEvent: (e) => e.type === 'takeover' && warn(e) });
 * ```
 */
export type RegistryEvent =
  | {
      readonly type: 'commit';
      readonly path: string;
      readonly updates: number;
      readonly remote: number;
      readonly failed: number;
      readonly wrote: boolean;
      readonly lockWaitMs: number;
    }
  | { readonly type: 'takeover'; readonly path: string }
  | { readonly type: 'sweep'; readonly path: string; readonly removed: readonly string[] }
  | { readonly type: 'quarantine'; readonly path: string; readonly movedTo: string };

/**
 * Listener for {@link RegistryEvent}s. A listener that throws becomes a process warning (code
 * `LEAKPROOF_EVENT_LISTENER`) and never disturbs the store.
 *
 * @example
 * ```ts
 * const onEvent: RegistryEventListener = (event) => metrics.count(`registry.${event.type}`);
 * ```
 */
export type RegistryEventListener = (event: RegistryEvent) => void;

/** Calls the listener; a throwing listener becomes a warning (see `emitEvent`). */
export const emitRegistryEvent: (
  listener: RegistryEventListener | undefined,
  event: RegistryEvent,
) => void = emitEvent;
