import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it, onTestFinished } from 'vitest';
import { rollbackOnSignal } from '../../src/index.js';
import { tempDir } from '../support/temp-dir.js';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'scope', 'signal-target.ts');

/** Starts the fixture and resolves once it printed "ready". */
async function startTarget(file: string, mode: 'hang' | 'ok', deadlineMs: number) {
  const child = execa(
    process.execPath,
    ['--import', 'tsx', fixture, file, mode, String(deadlineMs)],
    {
      reject: false,
      timeout: 30_000,
    },
  );
  onTestFinished(() => {
    child.kill('SIGKILL');
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.then((result) => reject(new Error(`exited early: ${result.stderr}`)), reject);
  });
  // Wrapped: returning the subprocess itself from an async function would await its exit.
  return { child };
}

describe('rollbackOnSignal (in a child process)', () => {
  it('rolls back open scopes on SIGTERM, then dies of the signal', async () => {
    const file = join(await tempDir(), 'agent_prompt.txt');
    const { child } = await startTarget(file, 'ok', 5_000);
    expect(existsSync(file)).toBe(true);
    child.kill('SIGTERM');
    const result = await child;
    expect(result.signal).toBe('SIGTERM');
    expect(existsSync(file)).toBe(false);
  });

  it('exits at its deadline even when a release hangs', async () => {
    const file = join(await tempDir(), 'agent_prompt.txt');
    const { child } = await startTarget(file, 'hang', 300);
    const sent = performance.now();
    child.kill('SIGINT');
    const result = await child;
    expect(result.signal).toBe('SIGINT');
    expect(performance.now() - sent).toBeLessThan(20_000);
    expect(existsSync(file)).toBe(true);
  });

  it('exits at once on a second signal', async () => {
    const file = join(await tempDir(), 'agent_prompt.txt');
    const { child } = await startTarget(file, 'hang', 60_000);
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill('SIGTERM');
    const result = await child;
    expect(result.signal).toBe('SIGTERM');
  });

  it('rejects bad options and uninstalls its listeners when disposed', () => {
    expect(() => rollbackOnSignal({ deadlineMs: -5 })).toThrow('`deadlineMs`');
    const before = process.listenerCount('SIGTERM');
    const handle = rollbackOnSignal();
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    handle[Symbol.dispose]();
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });
});
