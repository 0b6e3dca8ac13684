import { onTestFinished } from 'vitest';

/**
 * Captures process warnings with `code` for the rest of the current test and keeps them from
 * failing it; returns the live list so the test can assert on them.
 */
export function captureWarnings(code: string): Error[] {
  const captured: Error[] = [];
  const listeners = process.listeners('warning');
  const filter = (warning: Error & { code?: string }): void => {
    if (warning.code === code) captured.push(warning);
    else for (const listener of listeners) listener(warning);
  };
  process.removeAllListeners('warning');
  process.on('warning', filter);
  onTestFinished(() => {
    process.off('warning', filter);
    for (const listener of listeners) process.on('warning', listener);
  });
  return captured;
}
