// One benchmark writer process: opens a system, says 'ready', waits for 'go', runs `count`
// updates `inFlight` at a time, and sends back each update's latency and the run's wall times.
import { getOneMessage, sendMessage } from 'execa';
import { type BenchSystemName, benchSystems } from './registry-systems.js';

const [system = 'store', path = '', writer = '', count = '0', inFlight = '1'] =
  process.argv.slice(2);
const open = benchSystems[system as BenchSystemName];
// Warm up (JIT, module loading, first sweep) on a private file, so short runs measure steady state.
const warm = await open(path.replace(/(\.\w+)$/, `-warmup-${writer}$1`));
for (let i = 0; i < 100; i++) await warm.update(writer);
const handle = await open(path);
await sendMessage('ready');
await getOneMessage();

const latencies: number[] = [];
let failures = 0;
let firstError: string | undefined;
let next = 0;
const startedAt = performance.timeOrigin + performance.now();
async function lane(): Promise<void> {
  while (next < Number(count)) {
    next++;
    const started = performance.now();
    try {
      await handle.update(writer);
      latencies.push(performance.now() - started);
    } catch (error) {
      failures++;
      firstError ??= String(error);
    }
  }
}
await Promise.all(Array.from({ length: Number(inFlight) }, lane));
const endedAt = performance.timeOrigin + performance.now();
await sendMessage({ latencies, failures, firstError, startedAt, endedAt });
