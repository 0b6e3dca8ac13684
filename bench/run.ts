// Runs every benchmark (or those named on the command line) one after another, each in its own
// process so one benchmark's heap and timers cannot skew the next.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

const here = import.meta.dirname;
const named = process.argv.slice(2);
const all = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && file !== 'run.ts')
  .map((file) => file.replace(/\.ts$/, ''))
  .sort();
const chosen = named.length > 0 ? named : all;
for (const name of chosen) {
  console.log(`\n=== bench/${name}.ts ===`);
  await execa('tsx', [join(here, `${name}.ts`)], {
    stdio: 'inherit',
    preferLocal: true,
    timeout: 20 * 60_000,
  });
}
