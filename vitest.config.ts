import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/fail-on-noise.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Test files start real tmux servers and child processes; two cores are shared between them.
    maxWorkers: 2,
  },
});
