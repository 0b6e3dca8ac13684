// Acquire + release throughput of no-op resources: ResourceScope vs plain try/finally vs the
// `disposablestack` package's AsyncDisposableStack, all in one run so the ratios are fair.
import AsyncDisposableStack from 'disposablestack/AsyncDisposableStack';
import { type Resource, ResourceScope } from '../src/index.js';
import { printTable, type Row, writeResults } from './support/report.js';

const SIZES = [1, 10, 1_000];
const ROUNDS = 5;
const ROUND_MS = 400;
const TARGET_RATIO_VS_STACK = 0.5;

const acquireNoop = async (): Promise<number> => 1;
const releaseNoop = async (): Promise<void> => {};
const noop: Resource<number> = { kind: 'noop', acquire: acquireNoop, release: releaseNoop };

type Contender = (size: number) => Promise<void>;

const contenders: Record<string, Contender> = {
  'try/finally': async (size) => {
    const values: number[] = [];
    try {
      for (let i = 0; i < size; i++) values.push(await acquireNoop());
    } finally {
      for (let i = values.length - 1; i >= 0; i--) await releaseNoop();
    }
  },
  AsyncDisposableStack: async (size) => {
    const stack = new AsyncDisposableStack();
    for (let i = 0; i < size; i++) stack.adopt(await acquireNoop(), releaseNoop);
    await stack.disposeAsync();
  },
  ResourceScope: async (size) => {
    const scope = new ResourceScope();
    for (let i = 0; i < size; i++) await scope.acquire(noop);
    await scope.rollback();
  },
};

/** Resources acquired and released per second during one round of about ROUND_MS. */
async function measure(contender: Contender, size: number): Promise<number> {
  let resources = 0;
  const started = performance.now();
  while (performance.now() - started < ROUND_MS) {
    await contender(size);
    resources += size;
  }
  return resources / ((performance.now() - started) / 1000);
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const rows: Row[] = [];
for (const size of SIZES) {
  const samples: Record<string, number[]> = Object.fromEntries(
    Object.keys(contenders).map((name) => [name, []]),
  );
  // Rounds interleave the contenders so drift on a noisy machine hits them all alike.
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, contender] of Object.entries(contenders)) {
      samples[name]?.push(await measure(contender, size));
    }
  }
  const perSec = Object.fromEntries(Object.entries(samples).map(([n, s]) => [n, median(s)]));
  const scope = perSec.ResourceScope as number;
  const stack = perSec.AsyncDisposableStack as number;
  const plain = perSec['try/finally'] as number;
  rows.push({
    'resources/scope': size,
    'try/finally /s': plain,
    'AsyncDisposableStack /s': stack,
    'ResourceScope /s': scope,
    'scope÷stack': scope / stack,
    'scope÷try/finally': scope / plain,
    target: `≥ ${TARGET_RATIO_VS_STACK}`,
    met: scope / stack >= TARGET_RATIO_VS_STACK ? 'yes' : 'NO',
  });
}
printTable('acquire + release throughput (median of interleaved rounds)', rows);
writeResults('scope', { rounds: ROUNDS, roundMs: ROUND_MS, rows });
