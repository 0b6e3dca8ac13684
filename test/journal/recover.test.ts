import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  defineRecoverableKind,
  FileJournal,
  type JournalRecord,
  ResourceScope,
  recover,
} from '../../src/index.js';
import { readBootId, readStartTime } from '../../src/proc/process-identity.js';
import { tempDir } from '../support/temp-dir.js';

const released: string[] = [];
const countingKind = defineRecoverableKind({
  kind: 'counted',
  intent: z.object({ id: z.string() }),
  release: async ({ intent }) => {
    released.push(intent.id);
  },
});

async function me() {
  return {
    pid: process.pid,
    startTime: (await readStartTime(process.pid)) as number,
    bootId: await readBootId(),
  };
}

/** Writes a journal file by hand, as a process that has since died would have left it. */
async function writeJournal(
  dir: string,
  name: string,
  owner: { pid: number; startTime: number; bootId: string },
  records: readonly JournalRecord[],
  tail = '',
): Promise<string> {
  const open: JournalRecord = { t: 'open', v: 1, scope: name, owner, at: Date.now() };
  const text = [open, ...records].map((record) => JSON.stringify(record)).join('\n');
  const file = join(dir, `${name}.journal`);
  await writeFile(file, `${text}\n${tail}`);
  return file;
}

const intent = (seq: number, id: string): JournalRecord => ({
  t: 'intent',
  seq,
  kind: 'counted',
  label: id,
  intent: { id },
  at: Date.now(),
});

describe('recover()', () => {
  it('treats a recycled pid or another boot as dead and releases newest first', async () => {
    const dir = await tempDir();
    const self = await me();
    await writeJournal(dir, 'recycled', { ...self, startTime: self.startTime + 1 }, [
      intent(0, 'r0'),
      { t: 'acquired', seq: 0 },
      intent(1, 'r1'),
      intent(2, 'r2'),
      { t: 'released', seq: 2 },
    ]);
    await writeJournal(dir, 'old-boot', { ...self, bootId: 'an-earlier-boot' }, [intent(0, 'b0')]);
    released.length = 0;
    const report = await recover({ journal: new FileJournal(dir), kinds: [countingKind] });
    expect(report.ok).toBe(true);
    expect(report.journals.map((j) => j.status)).toEqual(['recovered', 'recovered']);
    expect(released.sort()).toEqual(['b0', 'r0', 'r1']);
    const recycled = report.journals.find((j) => j.scope === 'recycled');
    expect(recycled?.entries.map((entry) => entry.label)).toEqual(['r1', 'r0']);
    expect(await readdir(dir)).toEqual([]);
  });

  it('leaves the journal of a live owner alone', async () => {
    const dir = await tempDir();
    const journal = new FileJournal(dir);
    await using scope = new ResourceScope({ journal });
    await scope.acquire({
      kind: 'counted',
      intent: { id: 'live' },
      acquire: async () => 1,
      release: async () => {},
    });
    released.length = 0;
    const report = await recover({ journal, kinds: [countingKind] });
    expect(report.journals.map((j) => j.status)).toEqual(['owner-alive']);
    expect(released).toEqual([]);
    expect(await readdir(dir)).toHaveLength(1);
  });

  it('skips committed resources', async () => {
    const dir = await tempDir();
    const self = await me();
    await writeJournal(dir, 'partly-committed', { ...self, pid: 2 ** 22 + 7 }, [
      intent(0, 'kept'),
      intent(1, 'dropped'),
      { t: 'committed', seqs: [0] },
    ]);
    released.length = 0;
    await recover({ journal: new FileJournal(dir), kinds: [countingKind] });
    expect(released).toEqual(['dropped']);
  });

  it('tolerates a torn last line but refuses a corrupt one in the middle, leaving it byte-identical', async () => {
    const dir = await tempDir();
    const dead = { ...(await me()), pid: 2 ** 22 + 9 };
    await writeJournal(dir, 'torn', dead, [intent(0, 't0')], '{"t":"released","se');
    const corruptFile = await writeJournal(dir, 'corrupt', dead, [intent(0, 'c0')]);
    const corrupt = `${(await readFile(corruptFile, 'utf8')).replace('"intent"', '"intnet"')}${JSON.stringify(intent(1, 'c1'))}\n`;
    await writeFile(corruptFile, corrupt);
    released.length = 0;
    const report = await recover({ journal: new FileJournal(dir), kinds: [countingKind] });
    const byScope = Object.fromEntries(
      report.journals.map((j) => [j.file.includes('torn') ? 'torn' : 'corrupt', j]),
    );
    expect(byScope.torn?.status).toBe('recovered');
    expect(byScope.corrupt?.status).toBe('corrupt');
    expect(byScope.corrupt?.error?.code).toBe('JOURNAL_CORRUPT');
    expect(report.ok).toBe(false);
    expect(released).toEqual(['t0']);
    expect(await readFile(corruptFile, 'utf8')).toBe(corrupt);
  });

  it('keeps a journal whose kind is unknown, under its own name, until a recover() knows the kind', async () => {
    const dir = await tempDir();
    const file = await writeJournal(dir, 'unknown', { ...(await me()), pid: 2 ** 22 + 11 }, [
      intent(0, 'u0'),
    ]);
    const first = await recover({ journal: new FileJournal(dir) });
    expect(first.journals[0]?.status).toBe('incomplete');
    expect(first.journals[0]?.entries[0]?.error?.code).toBe('UNKNOWN_RESOURCE_KIND');
    expect(await readdir(dir)).toEqual(['unknown.journal']);
    released.length = 0;
    const second = await recover({ journal: new FileJournal(dir), kinds: [countingKind] });
    expect(second.journals[0]?.status).toBe('recovered');
    expect(released).toEqual(['u0']);
    expect(file).toContain('unknown.journal');
  });

  it('refuses a descriptor that does not match its kind schema', async () => {
    const dir = await tempDir();
    await writeJournal(dir, 'bad', { ...(await me()), pid: 2 ** 22 + 13 }, [
      { t: 'intent', seq: 0, kind: 'counted', label: 'x', intent: { id: 42 }, at: Date.now() },
    ]);
    const report = await recover({ journal: new FileJournal(dir), kinds: [countingKind] });
    expect(report.journals[0]?.entries[0]?.error?.code).toBe('INVALID_DESCRIPTOR');
  });

  it('never releases a journal twice when two recover() calls race', async () => {
    const dir = await tempDir();
    const dead = { ...(await me()), pid: 2 ** 22 + 15 };
    for (let i = 0; i < 40; i++) {
      await writeJournal(dir, `j${i}`, dead, [intent(0, `j${i}-a`), intent(1, `j${i}-b`)]);
    }
    released.length = 0;
    const journal = new FileJournal(dir);
    const [a, b] = await Promise.all([
      recover({ journal, kinds: [countingKind], concurrency: 3 }),
      recover({ journal, kinds: [countingKind], concurrency: 5 }),
    ]);
    expect(released).toHaveLength(80);
    expect(new Set(released).size).toBe(80);
    const recovered = [...a.journals, ...b.journals].filter((j) => j.status === 'recovered');
    expect(recovered).toHaveLength(40);
    expect(await readdir(dir)).toEqual([]);
  });

  it('re-claims a journal whose recoverer died, and leaves one a live recoverer holds', async () => {
    const dir = await tempDir();
    const self = await me();
    const dead = { ...self, pid: 2 ** 22 + 17 };
    const base = await writeJournal(dir, 'orphaned-claim', dead, [intent(0, 'o0')]);
    await writeFile(`${base}.recovering-${2 ** 22 + 19}-1`, await readFile(base));
    await writeFile(
      `${join(dir, 'held.journal')}.recovering-${self.pid}-${self.startTime}`,
      await readFile(base),
    );
    await writeFile(base, '');
    await (await import('node:fs/promises')).unlink(base);
    released.length = 0;
    const report = await recover({ journal: new FileJournal(dir), kinds: [countingKind] });
    expect(report.journals.map((j) => j.status).sort()).toEqual(['claimed-elsewhere', 'recovered']);
    expect(released).toEqual(['o0']);
    expect(await readdir(dir)).toEqual([`held.journal.recovering-${self.pid}-${self.startTime}`]);
  });
});
