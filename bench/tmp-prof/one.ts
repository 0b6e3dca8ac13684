import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { physicalLimit } from '../support/physical-limit.js';
import { benchSystems } from '../support/registry-systems.js';

const dir = mkdtempSync(join(tmpdir(), 'p-'));
for (const sys of ['store', 'store-closures', 'store', 'store-closures'] as const) {
  const s = await benchSystems[sys](join(dir, `${sys}.json`));
  for (let i = 0; i < 100; i++) await s.update('w0');
  const t = performance.now();
  for (let i = 0; i < 1000; i++) await s.update('w0');
  console.log(sys, 'ms', ((performance.now() - t) / 1000).toFixed(3));
}
const l = await physicalLimit(join(dir, 'limit.json'), 1000);
console.log('physical ms', (1000 / l.perSecond).toFixed(3));
