import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { readBootId } from '../../src/proc/process-identity.js';
import { runFixture } from '../support/run-fixture.js';
import { tempDir } from '../support/temp-dir.js';

const cli = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');

function leakproof(args: readonly string[]) {
  return execa(process.execPath, ['--import', 'tsx', cli, ...args], {
    reject: false,
    timeout: 30_000,
  });
}

describe('leakproof recover', () => {
  it('recovers a crashed deployment and prints the report as JSON', async () => {
    const journalDir = await tempDir();
    const work = await tempDir();
    const crash = await runFixture('journal/crashing-deploy.ts', [journalDir, work, '9']);
    expect(crash.signal).toBe('SIGKILL');
    expect((await readdir(work)).length).toBeGreaterThan(0);
    const result = await leakproof(['recover', '--journal', journalDir, '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(String(result.stdout));
    expect(report.ok).toBe(true);
    expect(report.journals[0].status).toBe('recovered');
    expect(await readdir(work)).toEqual([]);
  });

  it('exits 1 when a journal cannot be finished, naming it', async () => {
    const journalDir = await tempDir();
    const owner = { pid: 2 ** 22 + 21, startTime: 1, bootId: await readBootId() };
    const lines = [
      { t: 'open', v: 1, scope: 'mystery', owner, at: Date.now() },
      { t: 'intent', seq: 0, kind: 'not-registered', label: 'x', intent: {}, at: Date.now() },
    ];
    await writeFile(
      join(journalDir, 'm.journal'),
      `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`,
    );
    const result = await leakproof(['recover', '--journal', journalDir]);
    expect(result.exitCode).toBe(1);
    expect(String(result.stdout)).toMatch(/^incomplete\s+mystery\s+released 0, failed 1/);
  });

  it('exits 2 on a bad command line and creates nothing', async () => {
    const root = await tempDir();
    for (const args of [
      ['recover'],
      ['recover', '--journal', join(root, 'typo')],
      ['recover', '--bogus'],
      ['frobnicate'],
    ]) {
      const result = await leakproof(args);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(String(result.stderr)).toMatch(/leakproof/);
    }
    expect(await readdir(root)).toEqual([]);
  });

  it('documents every flag and the exit codes in --help', async () => {
    const result = await leakproof(['recover', '--help']);
    expect(result.exitCode).toBe(0);
    for (const flag of ['--journal', '--json', '--release-timeout', 'Exit status']) {
      expect(String(result.stdout)).toContain(flag);
    }
  });
});
