import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/fail-on-noise.ts'],
    // Generous: many tests run real processes, and a shared 2-core machine can be slow.
    testTimeout: 120_000,
    hookTimeout: 30_000,
    // Test files start real tmux servers and child processes; two cores are shared between them.
    maxWorkers: 2,
  },
});
