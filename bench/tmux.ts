// tmux sessions: a full acquire (create + label + start check) and a full release (tree kill,
// ownership-checked kill, verification) of a cooperative agent; and killing 100 sessions with one
// tmux call each versus batched calls. Runs on a private tmux server that is killed at the end.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { tmuxSession } from '../src/resources/tmux-session.js';
import { TmuxClient } from '../src/tmux/tmux-client.js';
import { percentile, printTable, type Row, writeResults } from './support/report.js';

const ROUNDS = 40;
const KILL_ROUNDS = 5;
const SESSIONS = 100;
const socketName = `leakproof-bench-${randomBytes(4).toString('hex')}`;
const client = new TmuxClient({ socketName });
const signal = new AbortController().signal;
const ctx = { signal, intend: async () => undefined };
// Exits on SIGTERM, like a well-behaved agent; a child makes it a tree.
const agent = ['bash', '-c', 'trap "exit 0" TERM; sleep 1000 & wait'];
const neighbour = ['new-session', '-d', '-s', 'neighbour', '--', 'sleep', '1000'];

async function lifecycle(
  startupCheckMs: number,
): Promise<{ acquire: number[]; release: number[] }> {
  const acquire: number[] = [];
  const release: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const resource = tmuxSession({
      name: `bench_${i}`,
      command: agent,
      cwd: tmpdir(),
      client,
      startupCheckMs,
    });
    let started = performance.now();
    const handle = await resource.acquire(ctx);
    acquire.push(performance.now() - started);
    started = performance.now();
    await resource.release(handle, { reason: 'rollback', signal });
    release.push(performance.now() - started);
  }
  return { acquire, release };
}

async function killHundred(batched: boolean): Promise<number> {
  const names = Array.from({ length: SESSIONS }, (_, i) => `kill_${i}`);
  await client.run(names.map((name) => ['new-session', '-d', '-s', name, '--', 'sleep', '1000']));
  const ids = (await client.snapshot()).panes
    .filter((pane) => pane.sessionName.startsWith('kill_'))
    .map((pane) => pane.sessionId);
  const started = performance.now();
  if (batched) await client.killSessions(ids);
  else for (const id of ids) await client.killSessions([id]);
  return performance.now() - started;
}

try {
  const rows: Row[] = [];
  const results: Record<string, unknown> = {};
  // "alone": the session is the server's only one, so every acquire starts the server and every
  // release shuts it down; "shared": another agent keeps the server up, as in an orchestrator.
  const variants = [
    { server: 'shared', startupCheckMs: 0 },
    { server: 'alone', startupCheckMs: 0 },
    { server: 'shared', startupCheckMs: 300 },
  ] as const;
  for (const { server, startupCheckMs } of variants) {
    if (server === 'shared') await client.run([neighbour]);
    const { acquire, release } = await lifecycle(startupCheckMs);
    if (server === 'shared') await client.killServer();
    const total = acquire.map((ms, i) => ms + (release[i] ?? 0));
    for (const [step, samples] of Object.entries({ acquire, release, 'acquire+release': total })) {
      rows.push({
        step,
        server,
        startupCheckMs,
        n: samples.length,
        'p50 ms': percentile(samples, 50),
        'p95 ms': percentile(samples, 95),
      });
      results[`${step}@${server},${startupCheckMs}`] = {
        p50: percentile(samples, 50),
        p95: percentile(samples, 95),
        samples,
      };
    }
  }
  printTable(
    `tmuxSession lifecycle (${ROUNDS} rounds each; target acquire+release p50 < 50 ms)`,
    rows,
  );

  // The neighbour keeps the server up so both variants measure kills only.
  await client.run([neighbour]);
  const oneEach: number[] = [];
  const batched: number[] = [];
  for (let round = 0; round < KILL_ROUNDS; round++) {
    oneEach.push(await killHundred(false));
    batched.push(await killHundred(true));
  }
  const speedup = percentile(oneEach, 50) / percentile(batched, 50);
  printTable(`kill ${SESSIONS} sessions (${KILL_ROUNDS} rounds; target batched ≥ 3× faster)`, [
    {
      variant: 'one call each',
      'p50 ms': percentile(oneEach, 50),
      'p95 ms': percentile(oneEach, 95),
    },
    { variant: 'batched', 'p50 ms': percentile(batched, 50), 'p95 ms': percentile(batched, 95) },
    { variant: 'speedup (p50)', 'p50 ms': speedup },
  ]);
  results.kill100 = { oneEach, batched, speedupP50: speedup };
  // Other work on the machine moves these numbers; keep the load next to them.
  results.loadAverage = loadavg();
  writeResults('tmux', results);
} finally {
  await client.killServer();
  await rm(client.socketFile, { force: true });
}
