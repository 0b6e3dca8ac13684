import { afterEach, beforeEach, expect, vi } from 'vitest';

// Unexpected process warnings and stray console output fail the test that caused them.
const noise: string[] = [];
const onWarning = (warning: Error): void => {
  noise.push(`process warning: ${warning.name}: ${warning.message}`);
};
process.on('warning', onWarning);

beforeEach(() => {
  noise.length = 0;
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      noise.push(`console.${method}: ${args.map(String).join(' ')}`);
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
  const found = noise.splice(0);
  expect(found, 'unexpected warnings or console output').toEqual([]);
});
