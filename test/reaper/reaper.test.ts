import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultProcReader, type ProcReader } from '../../src/proc/proc-reader.js';
import { Reaper } from '../../src/reaper/reaper.js';
import { defaultTmuxExec, type TmuxExec } from '../../src/tmux/tmux-exec.js';
import { leftoversOf } from '../support/session-leftovers.js';
import { tempDir } from '../support/temp-dir.js';
import { tmuxSandbox } from '../support/tmux-sandbox.js';
import {
  abandon,
  hashTree,
  makeVictim,
  startAgent,
  writeAgentFiles,
  writeRegistry,
} from '../support/workspace-fixture.js';

const HOUR = 3_600_000;

async function fixture() {
  const root = await tempDir('leakproof-reap-');
  const victimDir = await tempDir('leakproof-victim-');
  const victimHash = await makeVictim(victimDir);
  const sandbox = tmuxSandbox();
  const { client } = sandbox;
  const done = await startAgent(client, 'done1');
  const live = await startAgent(client, 'live1');
  // The user's own session: named like an agent, but unlabelled.
  await client.run([['new-session', '-d', '-s', 'agent_user', '--', 'sleep', '1000']]);
  await writeRegistry(root, 'TASK-1', [
    { ...done.record, status: 'completed', ended_at: new Date(Date.now() - HOUR).toISOString() },
    live.record,
    { id: 'x/../../victim', type: 't', status: 'completed', nonce: live.handle.uuid },
  ]);
  await writeAgentFiles(root, 'TASK-1', 'done1');
  await writeAgentFiles(root, 'TASK-1', 'live1');
  // A task directory that is a symlink out of the workspace: never listed, never entered.
  await symlink(victimDir, join(root, 'TASK-victim'));
  const sessionNames = async () => (await client.snapshot()).panes.map((p) => p.sessionName).sort();
  return { root, victimDir, victimHash, sandbox, client, done, live, sessionNames };
}

describe('Reaper (real tmux, real files)', () => {
  it('cleans a finished agent with one tmux call and one /proc scan, touching nothing else', async () => {
    const f = await fixture();
    let tmuxCalls = 0;
    let scans = 0;
    const exec: TmuxExec = (request) => {
      tmuxCalls++;
      return defaultTmuxExec(request);
    };
    const procReader: ProcReader = {
      ...defaultProcReader,
      listPids: () => {
        scans++;
        return defaultProcReader.listPids();
      },
    };
    const reaper = new Reaper({
      root: f.root,
      client: f.sandbox.clientWith({ exec }),
      procReader,
      terminalGraceMs: 0,
      killGraceMs: 200,
    });
    const first = await reaper.reapOnce();
    expect(first.ok, JSON.stringify(first)).toBe(true);
    expect(first.results.map((r) => `${r.action.kind}:${r.action.agentId}:${r.status}`)).toEqual([
      'teardown:done1:done',
    ]);
    expect(first.notes.join('\n')).toMatch(/invalid agent id/);
    expect(await leftoversOf(f.client, f.done.handle.uuid)).toEqual({ sessions: [], pids: [] });
    expect(await f.sessionNames()).toEqual(['agent_live1', 'agent_user']);
    expect((await leftoversOf(f.client, f.live.handle.uuid)).pids.length).toBeGreaterThan(0);
    expect((await readdir(join(f.root, 'TASK-1', 'archive'))).sort()).toEqual([
      'done1_findings.jsonl',
      'done1_progress.jsonl',
      'done1_stream.jsonl',
    ]);
    expect(await readdir(join(f.root, 'TASK-1', 'logs'))).toEqual(['live1_stream.jsonl']);
    const stateDir = join(f.root, '.leakproof-reaper');
    expect((await readdir(stateDir)).sort()).toEqual([
      'heartbeat.json',
      'reaper.prom',
      'state.json',
    ]);
    expect(await readFile(join(stateDir, 'reaper.prom'), 'utf8')).toMatch(
      /leakproof_reaper_actions_total\{kind="teardown",status="done"\} 1/,
    );
    tmuxCalls = 0;
    scans = 0;
    const steady = await reaper.reapOnce();
    expect(steady.actions).toEqual([]);
    expect({ tmuxCalls, scans }).toEqual({ tmuxCalls: 1, scans: 1 });
    expect(await hashTree(f.victimDir)).toBe(f.victimHash);
  });

  it('a dry run prints the very plan a real run executes and changes nothing', async () => {
    const f = await fixture();
    const options = { root: f.root, client: f.client, terminalGraceMs: 0, killGraceMs: 200 };
    const treeBefore = await hashTree(f.root);
    const sessionsBefore = await f.sessionNames();
    const dry = await new Reaper({ ...options, dryRun: true }).reapOnce();
    expect(await hashTree(f.root)).toBe(treeBefore);
    expect(await f.sessionNames()).toEqual(sessionsBefore);
    expect((await leftoversOf(f.client, f.done.handle.uuid)).pids.length).toBeGreaterThan(0);
    expect(dry.results).toEqual([]);
    const real = await new Reaper(options).reapOnce();
    expect(real.actions).toEqual(dry.actions);
    expect(real.held).toEqual(dry.held);
    expect(real.results.map((r) => r.status)).toEqual(['done']);
    expect(await hashTree(f.victimDir)).toBe(f.victimHash);
  });

  it('kills an orphan only in kill mode after two observations, never while a registry is unreadable', async () => {
    const f = await fixture();
    const orphan = await startAgent(f.client, 'orphan1');
    // Its creator (this test process) is alive: never an orphan while it runs.
    const protectedReaper = new Reaper({
      root: f.root,
      client: f.client,
      orphanMode: 'kill',
      orphanGraceMs: 0,
      dryRun: true,
    });
    await protectedReaper.reapOnce();
    const whileAlive = await protectedReaper.reapOnce();
    expect(whileAlive.held.find((h) => h.action.kind === 'kill-orphan')?.reason).toBe(
      'owner-alive',
    );
    await abandon(f.client, orphan.handle);
    let now = Date.now();
    const reaper = new Reaper({
      root: f.root,
      client: f.client,
      now: () => now,
      orphanMode: 'kill',
      orphanGraceMs: 60_000,
      terminalGraceMs: 10 * HOUR,
    });
    await mkdir(join(f.root, 'TASK-2'));
    await writeFile(join(f.root, 'TASK-2', 'AGENT_REGISTRY.json'), '{"agents":[{"id":"orph');
    expect((await reaper.reapOnce()).held.map((h) => h.reason)).toContain('registry-unknown');
    now += 2 * 60_000;
    expect((await reaper.reapOnce()).results).toEqual([]);
    await writeRegistry(f.root, 'TASK-2', []);
    const first = await reaper.reapOnce();
    expect(first.held.find((h) => h.action.kind === 'kill-orphan')?.reason).toBe(
      'first-observation',
    );
    now += 2 * 60_000;
    const second = await reaper.reapOnce();
    expect(second.results.map((r) => `${r.action.kind}:${r.action.label}:${r.status}`)).toEqual([
      `kill-orphan:${orphan.handle.uuid}:done`,
    ]);
    expect(await leftoversOf(f.client, orphan.handle.uuid)).toEqual({ sessions: [], pids: [] });
    expect(await f.sessionNames()).toEqual(['agent_done1', 'agent_live1', 'agent_user']);
    expect(await hashTree(f.victimDir)).toBe(f.victimHash);
  });

  it('never kills a live agent while its registry is rewritten, truncated or huge in a loop', async () => {
    const f = await fixture();
    const registry = join(f.root, 'TASK-1', 'AGENT_REGISTRY.json');
    const good = await readFile(registry, 'utf8');
    const huge = `{"agents":[],"active_count":0,"total_spawned":0,"pad":"${'x'.repeat(17 * 1024 * 1024)}"}`;
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        const variants = [good, good.slice(0, i % good.length), '', huge];
        await writeFile(registry, variants[i % variants.length] as string);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    // Real clocks: the live agent is not idle, so only a misread registry could doom it.
    const reaper = new Reaper({
      root: f.root,
      client: f.client,
      orphanMode: 'kill',
      idleMode: 'kill',
      orphanGraceMs: 0,
      terminalGraceMs: HOUR,
    });
    try {
      for (let i = 0; i < 8; i++) {
        const report = await reaper.reapOnce();
        expect(report.results.filter((r) => r.action.label === f.live.handle.uuid)).toEqual([]);
      }
    } finally {
      stop = true;
      await writer;
    }
    expect((await leftoversOf(f.client, f.live.handle.uuid)).sessions).toHaveLength(1);
    expect(await f.sessionNames()).toContain('agent_user');
    expect((await leftoversOf(f.client, f.live.handle.uuid)).pids.length).toBeGreaterThan(0);
    expect(await hashTree(f.victimDir)).toBe(f.victimHash);
  });

  it('a hung tmux or garbage output fails the iteration without acting', async () => {
    const f = await fixture();
    const treeBefore = await hashTree(f.root);
    const hung: TmuxExec = (request) =>
      request.args.includes('list-panes') ? new Promise(() => undefined) : defaultTmuxExec(request);
    const garbage: TmuxExec = async (request) =>
      request.args.includes('list-panes')
        ? { exitCode: 0, stdout: '$(rm -rf ~)\n*\n', stderr: '' }
        : defaultTmuxExec(request);
    for (const exec of [hung, garbage]) {
      const client = f.sandbox.clientWith({ exec, timeoutMs: 200 });
      const report = await new Reaper({
        root: f.root,
        client,
        terminalGraceMs: 0,
        dryRun: true,
      }).reapOnce();
      expect(report.ok).toBe(false);
      expect(report.error?.code).toBe('REAPER_ITERATION_FAILED');
      expect(report.actions).toEqual([]);
    }
    expect(await hashTree(f.root)).toBe(treeBefore);
    expect(await f.sessionNames()).toEqual(['agent_done1', 'agent_live1', 'agent_user']);
    expect(await hashTree(f.victimDir)).toBe(f.victimHash);
  });

  it('is single-instance per base, and a dead holder does not block the next', async () => {
    const root = await tempDir('leakproof-reap-');
    const { client } = tmuxSandbox();
    const controller = new AbortController();
    const first = new Reaper({ root, client, intervalMs: 10 });
    const running = first.run({ signal: controller.signal });
    const second = new Reaper({ root, client });
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await expect(second.reapOnce()).rejects.toMatchObject({ code: 'REAPER_LOCKED' });
    } finally {
      controller.abort();
      await running;
    }
    // A holder that was SIGKILLed: its pid names no live process with that start time.
    const lock = join(root, '.leakproof-reaper', 'reaper.lock');
    const bootId = (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();
    await writeFile(lock, JSON.stringify({ pid: 2 ** 22 + 7, startTime: 1, bootId }));
    expect((await second.reapOnce()).ok).toBe(true);
  });
});
