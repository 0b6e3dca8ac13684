// The reaper's steady-state iteration over 1,000 agents in 100 workspaces and 10,000 in 1,000:
// real registry and log files, a real /proc scan, and a recorded-format tmux snapshot served by
// an injected exec (the sessions do not exist). Counted: tmux calls and /proc scans per
// iteration. Compared with the per-agent approach (one tmux call per agent), whose per-call cost
// is MEASURED on a real private tmux server and EXTRAPOLATED to N agents.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultProcReader, type ProcReader } from '../src/proc/proc-reader.js';
import { Reaper } from '../src/reaper/reaper.js';
import { TmuxClient } from '../src/tmux/tmux-client.js';
import type { TmuxExec } from '../src/tmux/tmux-exec.js';
import { writeSyntheticWorkspace } from './support/reaper-workspace.js';
import { percentile, printTable, type Row, writeResults } from './support/report.js';

const STEADY_ROUNDS = 5;
const PER_CALL_SAMPLES = 200;

async function measureReaper(
  tasks: number,
  perTask: number,
): Promise<Row & Record<string, number | string>> {
  const root = await mkdtemp(join(tmpdir(), 'leakproof-bench-reaper-'));
  try {
    const workspace = await writeSyntheticWorkspace(root, tasks, perTask);
    let tmuxCalls = 0;
    let scans = 0;
    const exec: TmuxExec = async ({ args }) => {
      tmuxCalls++;
      if (args.includes('-V')) return { exitCode: 0, stdout: 'tmux 3.4\n', stderr: '' };
      return { exitCode: 0, stdout: workspace.listPanesOutput, stderr: '' };
    };
    const procReader: ProcReader = {
      ...defaultProcReader,
      listPids: () => {
        scans++;
        return defaultProcReader.listPids();
      },
    };
    const reaper = new Reaper({
      root,
      client: new TmuxClient({ socketName: 'bench-injected', exec }),
      procReader,
      dryRun: true,
    });
    let started = performance.now();
    const cold = await reaper.reapOnce();
    const coldMs = performance.now() - started;
    if (!cold.ok) throw new Error(JSON.stringify(cold.error));
    const steady: number[] = [];
    const calls: number[] = [];
    const procScans: number[] = [];
    for (let round = 0; round < STEADY_ROUNDS; round++) {
      tmuxCalls = 0;
      scans = 0;
      started = performance.now();
      const report = await reaper.reapOnce();
      steady.push(performance.now() - started);
      if (report.actions.length !== 0 || !report.ok) throw new Error('steady state expected');
      calls.push(tmuxCalls);
      procScans.push(scans);
    }
    return {
      agents: workspace.agents,
      workspaces: tasks,
      'cold ms': coldMs,
      'steady p50 ms': percentile(steady, 50),
      'steady max ms': Math.max(...steady),
      'tmux calls/iter': Math.max(...calls),
      '/proc scans/iter': Math.max(...procScans),
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** One `display-message` per agent, as a per-agent reaper asks tmux for each session's activity. */
async function measurePerCallCost(): Promise<number[]> {
  const client = new TmuxClient({
    socketName: `leakproof-bench-${randomBytes(4).toString('hex')}`,
  });
  try {
    await client.run([['new-session', '-d', '-s', 'probe', '--', 'sleep', '1000']]);
    const samples: number[] = [];
    for (let i = 0; i < PER_CALL_SAMPLES; i++) {
      const started = performance.now();
      await client.run([['display-message', '-p', '-t', '=probe', '#{window_activity}']]);
      samples.push(performance.now() - started);
    }
    return samples;
  } finally {
    await client.killServer();
    await rm(client.socketFile, { force: true });
  }
}

const rows = [await measureReaper(100, 10), await measureReaper(1_000, 10)];
printTable(
  'reaper steady-state iteration (targets: 1 tmux call, 1 /proc scan; 1,000 < 1 s, 10,000 < 5 s)',
  rows,
);
const perCall = await measurePerCallCost();
const perCallP50 = percentile(perCall, 50);
const comparison: Row[] = rows.map((row) => ({
  agents: Number(row.agents),
  'one snapshot: steady p50 ms': Number(row['steady p50 ms']),
  'per-agent: tmux calls': Number(row.agents),
  'per-agent: tmux time ms (extrapolated)': perCallP50 * Number(row.agents),
}));
printTable(
  `per-agent approach: ${PER_CALL_SAMPLES} real tmux calls measured (p50 ${perCallP50.toFixed(2)} ms/call), extrapolated to N agents`,
  comparison,
);
writeResults('reaper', {
  method:
    'real files and a real /proc scan; the tmux snapshot is synthetic (injected exec returning list-panes output for the live agents); per-agent cost measured on a real private tmux server and multiplied by N',
  iterations: rows,
  perAgentCallMs: { p50: perCallP50, p95: percentile(perCall, 95), samples: PER_CALL_SAMPLES },
  comparison,
  loadAverage: loadavg(),
});
