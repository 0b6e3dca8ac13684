// The cost of journalling: acquire + release of one resource through a scope without a journal,
// with a journal (durability off), and with a durable journal; fsyncs per journal record on the
// acquire path; and recover() over 1,000 journals left by a SIGKILLed process.
import { mkdir, mkdtemp, open, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { FileJournal, promptFile, type Resource, ResourceScope, recover } from '../src/index.js';
import { percentile, printTable, type Row, writeResults } from './support/report.js';

const ITERATIONS = 300;
const DEAD_JOURNALS = 1_000;
const RECOVER_TARGET_MS = 5_000;

const root = await mkdtemp(join(tmpdir(), 'leakproof-bench-journal-'));
try {
  const syncs = await countSyncs();
  const rows: Row[] = [];
  const noop: Resource<number> = {
    kind: 'noop',
    intent: { id: 1 },
    acquire: async () => 1,
    release: async () => {},
  };
  const setups: [string, FileJournal | undefined][] = [
    ['no journal', undefined],
    ['journal, durable: false', new FileJournal(join(root, 'j-fast'), { durable: false })],
    ['journal, durable: true', new FileJournal(join(root, 'j-durable'))],
  ];
  const resources: [string, (i: number) => Resource<unknown>][] = [
    ['no-op with intent', () => noop],
    ['promptFile', (i) => promptFile({ path: join(root, `p-${i}.txt`), content: 'prompt' })],
  ];
  for (const [resourceName, makeResource] of resources) {
    let baselineSyncs = 0;
    for (const [setup, journal] of setups) {
      const samples: number[] = [];
      syncs.reset();
      for (let i = 0; i < ITERATIONS; i++) {
        const started = performance.now();
        const scope = new ResourceScope(journal ? { journal } : {});
        await scope.acquire(makeResource(i));
        await scope.rollback();
        samples.push(performance.now() - started);
      }
      // Records on the acquire path per scope: intent + acquired (+ a refinement for files).
      const acquirePathRecords = resourceName === 'promptFile' ? 3 : 2;
      if (!journal) baselineSyncs = syncs.count();
      // promptFile fsyncs its own content too: only the syncs the journal adds are the journal's.
      const journalSyncs = journal ? syncs.count() - baselineSyncs : 0;
      rows.push({
        resource: resourceName,
        setup,
        'p50 ms': percentile(samples, 50),
        'p95 ms': percentile(samples, 95),
        'ops/s': ITERATIONS / (samples.reduce((a, b) => a + b, 0) / 1000),
        'journal fsyncs/op': journalSyncs / ITERATIONS,
        'fsyncs/record (acquire path)': journal
          ? journalSyncs / ITERATIONS / acquirePathRecords
          : 0,
      });
    }
  }
  printTable(`journalled vs unjournalled acquire + release (${ITERATIONS} scopes each)`, rows);

  const journalDir = join(root, 'dead');
  const workDir = join(root, 'dead-work');
  await mkdir(workDir);
  await execa(
    'tsx',
    [
      join(import.meta.dirname, 'fixtures', 'leave-journals.ts'),
      journalDir,
      workDir,
      String(DEAD_JOURNALS),
    ],
    {
      preferLocal: true,
      reject: false,
      timeout: 300_000,
    },
  );
  const left = (await readdir(journalDir)).length;
  const started = performance.now();
  const report = await recover({ journal: new FileJournal(journalDir) });
  const recoverMs = performance.now() - started;
  const recovery: Row[] = [
    {
      journals: left,
      'files before': DEAD_JOURNALS,
      'files after': (await readdir(workDir)).length,
      recovered: report.journals.filter((j) => j.status === 'recovered').length,
      'recover ms': recoverMs,
      target: `< ${RECOVER_TARGET_MS}`,
      met: recoverMs < RECOVER_TARGET_MS && report.ok ? 'yes' : 'NO',
    },
  ];
  printTable('recover() of journals left by a SIGKILLed process', recovery);
  writeResults('journal', { iterations: ITERATIONS, rows, recovery });
} finally {
  await rm(root, { recursive: true, force: true });
}

/** Counts fsync/fdatasync calls on every file handle, by wrapping FileHandle's prototype. */
async function countSyncs() {
  let calls = 0;
  const handle = await open(import.meta.filename, 'r');
  const proto = Object.getPrototypeOf(handle) as Record<'sync' | 'datasync', () => Promise<void>>;
  await handle.close();
  for (const method of ['sync', 'datasync'] as const) {
    const original = proto[method];
    proto[method] = function (this: unknown) {
      calls++;
      return original.call(this);
    };
  }
  return {
    reset: () => {
      calls = 0;
    },
    count: () => calls,
  };
}
