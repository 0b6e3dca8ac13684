// RegistryStore against the disk's limit, a hand-written lock loop, lowdb and SQLite (issue 4).
// `store` updates with run() (named operations, cross-process group commit); `store-closures`
// with update() (closures, group commit within one process only).
// K writer processes × N updates each, one at a time and (for the store) 8 at a time; median of
// REGISTRY_BENCH_REPEAT interleaved rounds (default 3) because the machine is shared.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { physicalLimit } from './support/physical-limit.js';
import { type BenchSystemName, finalTotal } from './support/registry-systems.js';
import { percentile, printTable, type Row, writeResults } from './support/report.js';

const updatesEach = Number(process.env.REGISTRY_BENCH_N ?? 200);
const writerCounts = (process.env.REGISTRY_BENCH_K ?? '1,2,4,8').split(',').map(Number);
const support = join(import.meta.dirname, 'support');
const tsx = ['--import', 'tsx'];

interface WorkerResult {
  latencies: number[];
  failures: number;
  firstError?: string;
  startedAt: number;
  endedAt: number;
}

async function sqliteAvailable(): Promise<boolean> {
  try {
    const { default: Database } = await import('better-sqlite3');
    new Database(':memory:').close();
    return true;
  } catch {
    return false;
  }
}

/** One run: K writers (and a reader for JSON files) released together; returns a table row. */
async function run(
  system: BenchSystemName,
  writers: number,
  inFlight: number,
  withReader = true,
): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'leakproof-bench-'));
  const path = join(dir, system === 'sqlite' ? 'registry.db' : 'registry.json');
  try {
    // A worker's crash report goes straight to the bench's stderr.
    const options = { ipc: true, timeout: 10 * 60_000, stderr: 'inherit' } as const;
    const children = Array.from({ length: writers }, (_, k) =>
      execa(
        process.execPath,
        [
          ...tsx,
          join(support, 'registry-worker.ts'),
          system,
          path,
          `w${k}`,
          String(updatesEach),
          String(inFlight),
        ],
        options,
      ),
    );
    const reader =
      system === 'sqlite' || !withReader
        ? undefined
        : execa(process.execPath, [...tsx, join(support, 'registry-reader.ts'), path], options);
    await Promise.all([...children, ...(reader ? [reader] : [])].map((c) => c.getOneMessage()));
    const results = children.map((child) => child.getOneMessage() as Promise<unknown>);
    await Promise.all(children.map((child) => child.sendMessage('go')));
    const done = (await Promise.all(results)) as WorkerResult[];
    const readerResult = reader?.getOneMessage();
    await reader?.sendMessage('stop');
    const seen = (await readerResult) as { reads: number; torn: number } | undefined;
    await Promise.all([...children, ...(reader ? [reader] : [])]);

    const errors = [...new Set(done.flatMap((r) => (r.firstError ? [r.firstError] : [])))];
    if (errors.length > 0) console.log(`${system} K=${writers}×${inFlight} failures:`, errors);
    const latencies = done.flatMap((result) => result.latencies);
    const seconds =
      (Math.max(...done.map((r) => r.endedAt)) - Math.min(...done.map((r) => r.startedAt))) / 1000;
    const total = await finalTotal(system, path).catch(() => Number.NaN);
    const expected = writers * updatesEach;
    return {
      system: withReader ? system : `${system} (alone)`,
      K: writers,
      inFlight,
      'updates/s': latencies.length / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: Math.max(...latencies),
      failed: done.reduce((sum, r) => sum + r.failures, 0),
      lost: expected - done.reduce((sum, r) => sum + r.failures, 0) - total,
      torn: seen?.torn ?? '-',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The element with the median `key`. */
function medianBy<T>(items: readonly T[], key: (item: T) => number): T {
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor((sorted.length - 1) / 2)] as T;
}

/** Sums a numeric column over runs; a non-number (reader absent) shows as is. */
function sumOf(rows: readonly Row[], column: string): number | string {
  const values = rows.map((row) => row[column]);
  if (values.some((value) => typeof value !== 'number')) return String(values[0] ?? '-');
  return (values as number[]).reduce((sum, value) => sum + value, 0);
}

/** The disk's limit now, in a fresh directory. */
async function measureLimit() {
  const dir = mkdtempSync(join(tmpdir(), 'leakproof-bench-'));
  try {
    return await physicalLimit(join(dir, 'limit.json'), 1_000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const hasSqlite = await sqliteAvailable();
if (!hasSqlite) console.log('better-sqlite3 is not installed or did not build: SQLite skipped');
const only = process.env.REGISTRY_BENCH_ONLY?.split(',');
const plan = (
  [
    ['store', 1],
    ['store', 8],
    ['store-closures', 1],
    ['naive', 1],
    ['lowdb', 1],
    ['sqlite', 1],
  ] as [BenchSystemName, number][]
).filter(([system]) => (system !== 'sqlite' || hasSqlite) && (!only || only.includes(system)));

// The disk and CPUs are shared: run every configuration in several interleaved rounds and
// report the median run (by updates/s), with failures, losses and torn reads summed over all.
const repeats = Number(process.env.REGISTRY_BENCH_REPEAT ?? 3);
const limits: Awaited<ReturnType<typeof measureLimit>>[] = [];
const runs = new Map<string, Row[]>();
for (let round = 0; round < repeats; round++) {
  limits.push(await measureLimit());
  for (const [system, inFlight] of plan) {
    for (const writers of writerCounts) {
      const key = `${system}/${writers}/${inFlight}`;
      runs.set(key, [...(runs.get(key) ?? []), await run(system, writers, inFlight)]);
    }
  }
  // The limit is one process with nothing beside it: so is the one-writer run it is compared to.
  if (plan.some(([system]) => system === 'store')) {
    runs.set('store-alone', [...(runs.get('store-alone') ?? []), await run('store', 1, 1, false)]);
  }
}
const limit = medianBy(limits, (measured) => measured.perSecond);
const rows: Row[] = [
  {
    system: `physical limit (median of ${repeats})`,
    K: 1,
    inFlight: 1,
    'updates/s': limit.perSecond,
    p50: limit.p50,
    p99: limit.p99,
    max: limit.max,
  },
  ...[...runs.values()].map((all) => ({
    ...medianBy(all, (row) => Number(row['updates/s'])),
    failed: sumOf(all, 'failed'),
    lost: sumOf(all, 'lost'),
    torn: sumOf(all, 'torn'),
  })),
];
printTable(`Registry updates: K writers × ${updatesEach} updates (latency in ms)`, rows);

const find = (system: string, K: number, inFlight = 1) =>
  rows.find((r) => r.system === system && r.K === K && r.inFlight === inFlight);
const rate = (row: Row | undefined) => Number(row?.['updates/s'] ?? Number.NaN);
const storeRows = rows.filter((r) => String(r.system).startsWith('store'));
const targets = [
  {
    target: 'store: zero lost updates, zero torn reads, zero failures',
    // The alone row has no reader, so no torn count ('-').
    met: storeRows.every((r) => r.lost === 0 && (r.torn === 0 || r.torn === '-') && r.failed === 0),
    measured: `lost ${storeRows.map((r) => r.lost).join('/')}, torn ${storeRows.map((r) => r.torn).join('/')}`,
  },
  {
    target: '1 writer ≥ 40% of the physical limit',
    met: rate(find('store (alone)', 1)) >= 0.4 * limit.perSecond,
    measured: `${((100 * rate(find('store (alone)', 1))) / limit.perSecond).toFixed(0)}% alone, ${((100 * rate(find('store', 1))) / limit.perSecond).toFixed(0)}% beside the reader`,
  },
  {
    target: '8 writers one at a time ≥ 2.5× naive, p99 < 100 ms',
    met:
      rate(find('store', 8)) >= 2.5 * rate(find('naive', 8)) && Number(find('store', 8)?.p99) < 100,
    measured: `${(rate(find('store', 8)) / rate(find('naive', 8))).toFixed(2)}×, p99 ${Number(find('store', 8)?.p99).toFixed(1)} ms`,
  },
  {
    target: '8 writers 8 at a time ≥ SQLite (8 writers)',
    met: hasSqlite ? rate(find('store', 8, 8)) >= rate(find('sqlite', 8)) : 'skipped',
    measured: hasSqlite
      ? `${(rate(find('store', 8, 8)) / rate(find('sqlite', 8))).toFixed(2)}×`
      : '-',
  },
];
printTable(
  'Targets (issue 4)',
  targets.map((t) => ({ ...t, met: String(t.met) })),
);
writeResults('registry', {
  updatesEach,
  repeats,
  physicalLimits: limits,
  rows,
  runs: Object.fromEntries(runs),
  targets,
});
