import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  seededGlobalRegistry,
  seededTaskRegistry,
  seedRegistries,
} from '../../examples/support/registries.js';
import { FileJournal, recover } from '../../src/index.js';
import { mapConcurrent } from '../../src/internal/map-concurrent.js';
import { defaultProcReader } from '../../src/proc/proc-reader.js';
import { scanProcesses } from '../../src/proc/process-table.js';
import { stopSession } from '../../src/resources/stop-session.js';
import { tempDir } from '../support/temp-dir.js';
import { tmuxSandbox } from '../support/tmux-sandbox.js';

const example = join(import.meta.dirname, '..', '..', 'examples', 'deploy-agent.ts');

interface Trial {
  readonly killed: boolean;
  readonly stdout: string;
  readonly uuid: string;
  readonly workspace: string;
  readonly journal: string;
  readonly client: ReturnType<typeof tmuxSandbox>['client'];
}

/** Runs the example deployment with a journal in a fresh workspace, on a private tmux server. */
async function deploy(flags: readonly string[], killAfterMs?: number): Promise<Trial> {
  const { client, socketName } = tmuxSandbox();
  const workspace = await tempDir('leakproof-crash-');
  const journal = join(workspace, 'journal');
  // Seeded here: a kill may come before the deployment opened its registries.
  await seedRegistries(workspace);
  const args = [
    '--import',
    'tsx',
    example,
    `--journal=${journal}`,
    `--workspace=${workspace}`,
    `--tmux-socket=${socketName}`,
    ...flags,
  ];
  const child = execa(process.execPath, args, { reject: false, timeout: 60_000 });
  if (killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  const result = await child;
  const stdout = String(result.stdout);
  const uuid = /session uuid (\S+)/.exec(stdout)?.[1] ?? '';
  // A session that a committed deployment kept must not outlive the test.
  onTestFinished(() =>
    stopSession(
      { name: 'agent_a1', uuid },
      { client, procReader: defaultProcReader, killGraceMs: 200 },
    ).catch(() => {}),
  );
  return { killed: result.signal === 'SIGKILL', stdout, uuid, workspace, journal, client };
}

/** What of the deployment exists now: labelled sessions, marker processes, prompt, registry entries. */
async function survey(trial: Trial) {
  const panes = (await trial.client.snapshot()).panes.filter(
    (pane) => pane.leakproofId === trial.uuid,
  );
  const table = await scanProcesses({ markerName: 'LEAKPROOF_SESSION' });
  const processes = [...table.values()].filter((entry) => entry.marker === trial.uuid);
  const task = JSON.parse(
    await readFile(join(trial.workspace, 'TASK-1', 'AGENT_REGISTRY.json'), 'utf8'),
  );
  const global = JSON.parse(await readFile(join(trial.workspace, 'GLOBAL_REGISTRY.json'), 'utf8'));
  return {
    sessions: panes.length,
    processes: processes.length,
    prompt: existsSync(join(trial.workspace, 'TASK-1', 'agent_prompt_a1.txt')),
    task,
    global,
  };
}

/** After recover(): either nothing of the deployment is left, or (committed) all of it is. */
async function expectAllOrNothing(
  trial: Trial,
  expectCommitted: boolean | 'either',
  context: string,
) {
  const report = await recover({ journal: new FileJournal(trial.journal) });
  expect(report.ok, `${context}: ${JSON.stringify(report)}`).toBe(true);
  const left = await survey(trial);
  const committed = expectCommitted === 'either' ? left.task.agents.length === 2 : expectCommitted;
  if (committed) {
    expect(left.sessions, context).toBe(1);
    expect(left.processes, context).toBeGreaterThan(0);
    expect(left.prompt, context).toBe(true);
    expect(
      left.task.agents.map((agent: { id: string }) => agent.id),
      context,
    ).toEqual(['reviewer-0', 'a1']);
    expect(left.task.active_count, context).toBe(2);
    expect(Object.keys(left.global.agents).sort(), context).toEqual(['a1', 'reviewer-0']);
    expect(left.global.active_agents, context).toBe(2);
  } else {
    expect(left.sessions, context).toBe(0);
    expect(left.processes, context).toBe(0);
    expect(left.prompt, context).toBe(false);
    expect(left.task, context).toEqual(seededTaskRegistry);
    expect(left.global, context).toEqual(seededGlobalRegistry);
  }
  return committed;
}

describe('a deployment SIGKILLed anywhere, then recover()', () => {
  it('leaves nothing, or everything once committed, at every journal write', async () => {
    const dry = await deploy([]);
    const writes = [...dry.stdout.matchAll(/journal write (\d+) (\w+) (\w+)/g)].map((m) => ({
      record: m[2],
      phase: m[3],
    }));
    expect(writes.length).toBeGreaterThanOrEqual(20);
    // Two at a time: each trial starts node, tmux and an agent; more would only queue on 2 cores.
    const points = writes.map((write, i) => ({ ...write, killAt: i + 1 }));
    await mapConcurrent(points, 2, async ({ record, phase, killAt }) => {
      const trial = await deploy([`--kill-at-write=${killAt}`]);
      const context = `killed at journal write ${killAt} (${phase} ${record})`;
      expect(trial.killed, `${context}: ${trial.stdout}`).toBe(true);
      await expectAllOrNothing(trial, record === 'committed' && phase === 'after', context);
    });
  }, 300_000);

  it('leaves nothing, or everything once committed, at every step boundary', async () => {
    const boundaries = ['logs', 'prompt', 'session', 'task-registry', 'global-registry', 'commit'];
    const kills = [
      ...boundaries.map((step) => ({ flag: `--kill-after=${step}`, committed: step === 'commit' })),
      // Killed holding a registry's lock: recovery must wait for it to go stale, then take it.
      { flag: '--kill-during=task-registry', committed: false },
      { flag: '--kill-during=global-registry', committed: false },
    ];
    await mapConcurrent(kills, 2, async ({ flag, committed }) => {
      const trial = await deploy([flag]);
      expect(trial.killed, flag).toBe(true);
      await expectAllOrNothing(trial, committed, `killed: ${flag}`);
    });
  }, 180_000);

  it('holds for 50 SIGKILLs at random moments', async () => {
    const started = performance.now();
    await deploy(['--kill-after=commit']);
    const span = performance.now() - started;
    const outcomes = { committed: 0, rolledBack: 0 };
    const trials = Array.from({ length: 50 }, (_, i) => i);
    await mapConcurrent(trials, 2, async (i) => {
      const delay = Math.floor(Math.random() * span);
      const trial = await deploy([], delay);
      const committed = await expectAllOrNothing(
        trial,
        'either',
        `trial ${i}: SIGKILL after ${delay} ms`,
      );
      outcomes[committed ? 'committed' : 'rolledBack']++;
    });
    expect(outcomes.committed + outcomes.rolledBack).toBe(50);
  }, 300_000);
});
