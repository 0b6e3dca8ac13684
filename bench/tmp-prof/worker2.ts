import { z } from 'zod';
import { defineRegistryOperation } from '../../src/registry/registry-operation.js';
import { RegistryStore } from '../../src/registry/registry-store.js';
import { BenchDocSchema, emptyBenchDoc } from '../support/registry-systems.js';

const [, path = '', w = '', n = '0'] = process.argv.slice(2);
const op = defineRegistryOperation({
  name: 'bench-bump',
  schema: BenchDocSchema,
  args: z.object({ writer: z.string() }),
  apply: (doc: any, { writer }) => ({
    ...doc,
    total: doc.total + 1,
    writers: { ...doc.writers, [writer]: (doc.writers[writer] ?? 0) + 1 },
  }),
});
const s = new RegistryStore({ path, schema: BenchDocSchema, initial: emptyBenchDoc });
for (let i = 0; i < 20; i++) await s.run(op, { writer: w + 'warm' });
const t = performance.now();
for (let i = 0; i < Number(n); i++) await s.run(op, { writer: w });
console.log(w, 'rate', (Number(n) / ((performance.now() - t) / 1000)).toFixed(0));
