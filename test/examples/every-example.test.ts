import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const examples = readdirSync(new URL('../../examples', import.meta.url))
  .filter((name) => name.endsWith('.ts'))
  .sort();

// What each example prints is asserted in its own test file; here every one must simply succeed.
describe('every file in examples/', () => {
  it.each(examples)('%s runs to exit code 0', { timeout: 90_000 }, async (name) => {
    // The running Node, not whichever is first on PATH, so each Node version pass runs them too.
    const result = await execa(process.execPath, ['--import', 'tsx', `examples/${name}`], {
      cwd: repo,
      reject: false,
      timeout: 60_000,
    });
    expect(result.exitCode, `${result.stderr}\n${result.stdout}`).toBe(0);
  });
});
