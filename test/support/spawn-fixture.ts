import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { ProcessIdentity } from '../../src/proc/process-identity.js';
import { readStartTime } from '../../src/proc/process-identity.js';

/** Absolute path of a file in `test/fixtures/`. */
export function fixture(name: string): string {
  return join(import.meta.dirname, '..', 'fixtures', name);
}

/**
 * Starts a fixture as a child of the test (no shell), waits for its first stdout line, and kills
 * it when the test finishes. Returns the child and its identity.
 */
export async function spawnFixture(
  file: string,
  args: readonly string[] = [],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; identity: ProcessIdentity }> {
  const child = spawn(fixture(file), args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.once('data', () => resolve());
  });
  const pid = child.pid as number;
  const startTime = (await readStartTime(pid)) as number;
  return { child, identity: { pid, startTime } };
}
