import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { execa } from 'execa';

const K = Number(process.argv[2] ?? 8),
  N = Number(process.argv[3] ?? 100);
rmSync('/tmp/b2', { recursive: true, force: true });
mkdirSync('/tmp/b2');
await Promise.all(
  Array.from({ length: K }, (_, k) =>
    execa(
      process.execPath,
      [
        '--import',
        'tsx',
        'bench/tmp-prof/worker2.ts',
        'store',
        '/tmp/b2/r.json',
        `w${k}`,
        String(N),
      ],
      { stdio: 'inherit', timeout: 120_000 },
    ),
  ),
);
const doc = JSON.parse(readFileSync('/tmp/b2/r.json', 'utf8'));
let q: string[] | string = 'absent';
try {
  q = readdirSync('/tmp/b2/r.json.lock.queue');
} catch {}
console.log('K', K, 'total', doc.total, 'expected', K * N + K * 20, 'queue left', q);
