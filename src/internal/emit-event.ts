/**
 * Calls an optional event listener, turning a throw into a process warning (code
 * `LEAKPROOF_EVENT_LISTENER`): an observer must never break the operation it observes.
 */
export function emitEvent<E extends { readonly type: string }>(
  listener: ((event: E) => void) | undefined,
  event: E,
): void {
  if (listener === undefined) return;
  try {
    listener(event);
  } catch (error) {
    process.emitWarning(`leakproof onEvent listener threw on "${event.type}": ${String(error)}`, {
      code: 'LEAKPROOF_EVENT_LISTENER',
    });
  }
}
