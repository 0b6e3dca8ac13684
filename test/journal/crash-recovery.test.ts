import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileJournal, recover } from '../../src/index.js';
import { mapConcurrent } from '../../src/internal/map-concurrent.js';
import { runFixture } from '../support/run-fixture.js';
import { tempDir } from '../support/temp-dir.js';

/** Every file and directory under `dir`, relative, sorted. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.map(String).sort();
}

describe('recover() after a SIGKILL', () => {
  it('leaves nothing behind whichever journal write the process died at', async () => {
    const dry = await runFixture('journal/crashing-deploy.ts', [
      await tempDir(),
      await tempDir(),
      'never',
    ]);
    expect(dry.exitCode, dry.stderr).toBe(0);
    const total = Number(/count (\d+)/.exec(dry.stdout)?.[1]);
    // Each hook call is one kill point: before a record (after the previous side effect) or
    // after it (before the next side effect).
    expect(total).toBeGreaterThanOrEqual(20);
    const killPoints = Array.from({ length: total }, (_, i) => i + 1);
    // Two at a time: the runs are independent, and tsx start-up dominates each.
    await mapConcurrent(killPoints, 2, async (killAt) => {
      const journalDir = await tempDir();
      const work = await tempDir();
      const run = await runFixture('journal/crashing-deploy.ts', [
        journalDir,
        work,
        String(killAt),
      ]);
      expect(run.signal, `kill point ${killAt}: ${run.stderr}`).toBe('SIGKILL');
      const report = await recover({ journal: new FileJournal(journalDir) });
      expect(report.ok, JSON.stringify(report)).toBe(true);
      expect(await tree(work), `kill point ${killAt}`).toEqual([]);
      expect(await readdir(journalDir), `kill point ${killAt}`).toEqual([]);
    });
  }, 240_000);

  it('keeps everything a scope committed before it was killed', async () => {
    const journalDir = await tempDir();
    const work = await tempDir();
    const run = await runFixture('journal/crashing-deploy.ts', [journalDir, work, 'commit']);
    expect(run.signal, run.stderr).toBe('SIGKILL');
    expect(await readdir(journalDir)).toEqual([]);
    const report = await recover({ journal: new FileJournal(journalDir) });
    expect(report.journals).toEqual([]);
    expect(await tree(work)).toEqual([
      'TASK-1',
      join('TASK-1', 'agent_prompt_a1.txt'),
      join('TASK-1', 'logs'),
      join('TASK-1', 'notes.txt'),
    ]);
  });
});
