import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileJournal, recover } from '../../src/index.js';
import { runFixture } from '../support/run-fixture.js';
import { leftoversOf } from '../support/session-leftovers.js';
import { tempDir } from '../support/temp-dir.js';
import { tmuxSandbox } from '../support/tmux-sandbox.js';

/** Runs the crashing fixture on a fresh sandbox and journal; returns what recovery needs. */
async function crashAt(killAt: string) {
  const sandbox = tmuxSandbox();
  const journalDir = await tempDir();
  const pidFile = join(await tempDir(), 'pids.txt');
  const run = await runFixture('tmux/crashing-session.ts', [
    journalDir,
    sandbox.socketName,
    pidFile,
    killAt,
  ]);
  const uuid = /uuid (\S+)/.exec(run.stdout)?.[1] as string;
  return { sandbox, journalDir, run, uuid };
}

describe('tmux-session recovery after a SIGKILL', () => {
  it('removes the session and its whole tree whichever journal write the process died at', async () => {
    const dry = await crashAt('never');
    expect(dry.run.exitCode, dry.run.stderr).toBe(0);
    const total = Number(/count (\d+)/.exec(dry.run.stdout)?.[1]);
    expect(total).toBeGreaterThanOrEqual(2);
    let leaked = 0;
    for (const killAt of [...Array.from({ length: total }, (_, i) => String(i + 1)), 'after']) {
      const { sandbox, journalDir, run, uuid } = await crashAt(killAt);
      expect(run.signal, `kill point ${killAt}: ${run.stderr}`).toBe('SIGKILL');
      const before = await leftoversOf(sandbox.client, uuid);
      if (killAt === 'after') expect(before.sessions).toHaveLength(1);
      if (before.sessions.length > 0) leaked++;
      const report = await recover({ journal: new FileJournal(journalDir) });
      expect(report.ok, JSON.stringify(report)).toBe(true);
      expect(await leftoversOf(sandbox.client, uuid), `kill point ${killAt}`).toEqual({
        sessions: [],
        pids: [],
      });
      expect(await readdir(journalDir)).toEqual([]);
    }
    // The crash left a running session behind at more than one kill point.
    expect(leaked).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
