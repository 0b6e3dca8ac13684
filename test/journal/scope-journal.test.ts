import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FileJournal,
  type JournalRecord,
  promptFile,
  type Resource,
  ResourceScope,
} from '../../src/index.js';
import { captureWarnings } from '../support/expect-warning.js';
import { tempDir } from '../support/temp-dir.js';

async function journalLines(dir: string): Promise<JournalRecord[]> {
  const files = await readdir(dir);
  const texts = await Promise.all(files.map((file) => readFile(join(dir, file), 'utf8')));
  return texts.flatMap((text) =>
    text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line)),
  );
}

describe('a scope with a FileJournal', () => {
  it('has the intent on disk before the side effect starts', async () => {
    const dir = await tempDir();
    const journal = new FileJournal(dir);
    let seenDuringAcquire: JournalRecord[] = [];
    const probe: Resource<string> = {
      kind: 'probe',
      intent: { planned: 'session-1' },
      acquire: async () => {
        seenDuringAcquire = await journalLines(dir);
        return 'ok';
      },
      release: async () => {},
    };
    await using scope = new ResourceScope({ name: 'deploy', journal });
    await scope.acquire(probe);
    expect(seenDuringAcquire.map((record) => record.t)).toEqual(['open', 'intent']);
    expect(seenDuringAcquire[0]).toMatchObject({ scope: 'deploy', owner: { pid: process.pid } });
    expect(seenDuringAcquire[1]).toMatchObject({ kind: 'probe', intent: { planned: 'session-1' } });
  });

  it('leaves no journal file after a commit or a complete rollback', async () => {
    const dir = await tempDir();
    const work = await tempDir();
    const journal = new FileJournal(dir);
    const committed = new ResourceScope({ journal });
    await committed.acquire(promptFile({ path: join(work, 'a.txt'), content: 'a' }));
    expect(await readdir(dir)).toHaveLength(1);
    await committed.commit();
    expect(await readdir(dir)).toEqual([]);
    const rolled = new ResourceScope({ journal });
    await rolled.acquire(promptFile({ path: join(work, 'b.txt'), content: 'b' }));
    await rolled.rollback();
    expect(await readdir(dir)).toEqual([]);
    expect(await readdir(work)).toEqual(['a.txt']);
  });

  it('keeps the journal when a release failed, with the successful releases recorded', async () => {
    const dir = await tempDir();
    const scope = new ResourceScope({ journal: new FileJournal(dir, { durable: false }) });
    const make = (name: string, fail: boolean): Resource<string> => ({
      kind: 'test',
      label: name,
      intent: { name },
      acquire: async () => name,
      release: async () => {
        if (fail) throw new Error(`cannot release ${name}`);
      },
    });
    await scope.acquire(make('good', false));
    await scope.acquire(make('bad', true));
    const report = await scope.rollback();
    expect(report.ok).toBe(false);
    const records = await journalLines(dir);
    expect(records.filter((record) => record.t === 'released')).toEqual([
      { t: 'released', seq: 0 },
    ]);
  });

  it('journals nothing for resources without an intent, nor for defer/adopt', async () => {
    const dir = await tempDir();
    await using scope = new ResourceScope({ journal: new FileJournal(dir) });
    await scope.acquire({ kind: 'plain', acquire: async () => 1, release: async () => {} });
    scope.defer(() => {});
    expect(await readdir(dir)).toEqual([]);
  });

  it('shares one file between a scope, its children and a moved scope, and commits them together', async () => {
    const dir = await tempDir();
    const work = await tempDir();
    const parent = new ResourceScope({ journal: new FileJournal(dir) });
    await parent.acquire(promptFile({ path: join(work, 'p.txt'), content: 'p' }));
    const child = parent.child('c');
    await child.acquire(promptFile({ path: join(work, 'c.txt'), content: 'c' }));
    await child.commit();
    expect(await readdir(dir)).toHaveLength(1);
    const moved = parent.move();
    expect(await readdir(dir)).toHaveLength(1);
    await moved.commit();
    expect(await readdir(dir)).toEqual([]);
    expect((await readdir(work)).sort()).toEqual(['c.txt', 'p.txt']);
  });

  it('fails acquire before any side effect when the intent cannot be written', async () => {
    const dir = await tempDir();
    const journal = new FileJournal(dir, {
      onWrite: (record, phase) => {
        if (record.t === 'intent' && phase === 'before') throw new Error('ENOSPC');
      },
    });
    let acquired = false;
    const scope = new ResourceScope({ journal });
    await expect(
      scope.acquire({
        kind: 'k',
        intent: {},
        acquire: async () => {
          acquired = true;
        },
        release: async () => {},
      }),
    ).rejects.toMatchObject({ code: 'JOURNAL_WRITE' });
    expect(acquired).toBe(false);
    expect(scope.pending()).toEqual([]);
  });

  it('warns, and keeps the rollback going, when a released record cannot be written', async () => {
    const warnings = captureWarnings('LEAKPROOF_JOURNAL');
    const dir = await tempDir();
    const journal = new FileJournal(dir, {
      onWrite: (record, phase) => {
        if (record.t === 'released' && phase === 'before') throw new Error('EIO');
      },
    });
    const scope = new ResourceScope({ journal });
    await scope.acquire({ kind: 'k', intent: {}, acquire: async () => 1, release: async () => {} });
    const report = await scope.rollback();
    expect(report.ok).toBe(true);
    expect(warnings).toHaveLength(1);
  });
});
