import { join } from 'node:path';
import { execa } from 'execa';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

/** How a fixture process ended. */
export interface FixtureRun {
  readonly exitCode: number | undefined;
  readonly signal: string | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a TypeScript fixture in a child `node --import tsx` process (one process, so a signal it
 * sends itself is what the test sees); never rejects on a non-zero exit or a signal.
 */
export async function runFixture(
  relativePath: string,
  args: readonly string[],
  timeoutMs = 30_000,
): Promise<FixtureRun> {
  const result = await execa(
    process.execPath,
    ['--import', 'tsx', join(fixtures, relativePath), ...args],
    {
      reject: false,
      timeout: timeoutMs,
    },
  );
  return {
    exitCode: result.exitCode,
    signal: result.signal,
    stdout: String(result.stdout),
    stderr: String(result.stderr),
  };
}
