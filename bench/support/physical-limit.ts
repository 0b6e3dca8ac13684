// The disk's ceiling for a durable replace: write a temp file, fsync it, rename it over the
// target, fsync the directory — in a tight loop, one process, no lock, no parsing.
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { percentile } from './report.js';

/** Runs `count` durable replaces of `path`; returns writes/s and latency percentiles (ms). */
export async function physicalLimit(path: string, count: number) {
  const text = `${JSON.stringify({ total: 0, writers: { w0: 0 } }, null, 2)}\n`;
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const begin = performance.now();
    const temp = `${path}.${i}`;
    const file = await open(temp, 'w');
    await file.writeFile(text);
    await file.sync();
    await file.close();
    await rename(temp, path);
    const dir = await open(dirname(path), 'r');
    await dir.sync();
    await dir.close();
    latencies.push(performance.now() - begin);
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    perSecond: count / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
  };
}
