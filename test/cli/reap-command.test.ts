import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { readBootId, readStartTime } from '../../src/proc/process-identity.js';
import { tempDir } from '../support/temp-dir.js';
import { tmuxSandbox } from '../support/tmux-sandbox.js';
import { waitFor } from '../support/wait-for.js';
import {
  hashTree,
  startAgent,
  writeAgentFiles,
  writeRegistry,
} from '../support/workspace-fixture.js';

const cli = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');

function leakproof(args: readonly string[]) {
  return execa(process.execPath, ['--import', 'tsx', cli, ...args], {
    reject: false,
    timeout: 30_000,
  });
}

async function workspace() {
  const root = await tempDir('leakproof-cli-');
  const sandbox = tmuxSandbox();
  const done = await startAgent(sandbox.client, 'done1');
  await sandbox.client.run([['new-session', '-d', '-s', 'agent_user', '--', 'sleep', '1000']]);
  await writeRegistry(root, 'TASK-1', [
    { ...done.record, status: 'completed', ended_at: '2020-01-01T00:00:00Z' },
  ]);
  await writeAgentFiles(root, 'TASK-1', 'done1');
  const base = ['--root', root, '--tmux-socket', sandbox.socketName, '--kill-grace', '200'];
  const sessions = async () =>
    (await sandbox.client.snapshot()).panes.map((p) => p.sessionName).sort();
  return { root, sandbox, base, sessions };
}

const lines = (stdout: unknown) =>
  String(stdout)
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

describe('leakproof reap / status', () => {
  it('--dry-run --json prints exactly the actions a real run executes and changes nothing', async () => {
    const w = await workspace();
    const tree = await hashTree(w.root);
    const dry = await leakproof(['reap', ...w.base, '--once', '--dry-run', '--json']);
    expect(dry.exitCode, String(dry.stderr)).toBe(0);
    expect(await hashTree(w.root)).toBe(tree);
    expect(await w.sessions()).toEqual(['agent_done1', 'agent_user']);
    const real = await leakproof(['reap', ...w.base, '--once', '--json']);
    expect(real.exitCode, String(real.stderr)).toBe(0);
    const actions = (output: unknown) => lines(output).filter((l) => l.type === 'action');
    expect(actions(real.stdout)).toEqual(actions(dry.stdout));
    expect(actions(dry.stdout)).toHaveLength(1);
    expect(lines(real.stdout).find((l) => l.type === 'result')?.status).toBe('done');
    expect(await w.sessions()).toEqual(['agent_user']);
  });

  it('status --json shows owners: agent, unlabelled; the table names them too', async () => {
    const w = await workspace();
    const json = await leakproof(['status', ...w.base, '--json']);
    expect(json.exitCode, String(json.stderr)).toBe(0);
    const owners = JSON.parse(String(json.stdout))
      .sessions.map((s: { owner: string }) => s.owner)
      .sort();
    expect(owners).toEqual(['TASK-1/done1', 'unlabelled']);
    const text = await leakproof(['status', ...w.base]);
    expect(String(text.stdout)).toMatch(/TASK-1\s+done1\s+completed/);
    expect(existsSync(join(w.root, '.leakproof-reaper'))).toBe(false);
  });

  it('exits 4 while another live reaper holds the lock', async () => {
    const w = await workspace();
    const dir = join(w.root, '.leakproof-reaper');
    const first = await leakproof(['reap', ...w.base, '--once']);
    expect(first.exitCode, String(first.stderr)).toBe(0);
    const holder = {
      pid: process.pid,
      startTime: await readStartTime(process.pid),
      bootId: await readBootId(),
    };
    await writeFile(join(dir, 'reaper.lock'), JSON.stringify(holder));
    const second = await leakproof(['reap', ...w.base, '--once']);
    expect(second.exitCode).toBe(4);
    expect(String(second.stderr)).toMatch(/Another reaper/);
  });

  it('stops on SIGTERM after the current step with state flushed, exit 0', async () => {
    const w = await workspace();
    const child = execa(
      process.execPath,
      ['--import', 'tsx', cli, 'reap', ...w.base, '--interval', '50'],
      {
        reject: false,
        timeout: 30_000,
      },
    );
    const heartbeat = join(w.root, '.leakproof-reaper', 'heartbeat.json');
    await waitFor('a heartbeat', () => (existsSync(heartbeat) ? true : undefined), 15_000);
    child.kill('SIGTERM');
    const result = await child;
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(existsSync(join(w.root, '.leakproof-reaper', 'state.json'))).toBe(true);
    expect(existsSync(join(w.root, '.leakproof-reaper', 'reaper.lock'))).toBe(false);
  });

  it('reloads --config on SIGHUP, and a SIGKILLed daemon does not block the next run', async () => {
    const w = await workspace();
    const configFile = join(await tempDir(), 'reaper.json');
    await writeFile(configFile, JSON.stringify({ maxActions: 5 }));
    const args = ['reap', ...w.base, '--config', configFile, '--interval', '50'];
    const child = execa(process.execPath, ['--import', 'tsx', cli, ...args], {
      reject: false,
      timeout: 30_000,
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const lock = join(w.root, '.leakproof-reaper', 'reaper.lock');
    await waitFor('the daemon', () => (existsSync(lock) ? true : undefined), 15_000);
    await writeFile(configFile, JSON.stringify({ maxActions: 'many' }));
    child.kill('SIGHUP');
    await waitFor('a refusal', () => (stderr.includes('reload refused') ? true : undefined));
    await writeFile(configFile, JSON.stringify({ maxActions: 2 }));
    child.kill('SIGHUP');
    await waitFor('a reload', () => (stderr.includes('configuration reloaded') ? true : undefined));
    child.kill('SIGKILL');
    await child;
    expect(existsSync(lock)).toBe(true);
    const next = await leakproof(['reap', ...w.base, '--once']);
    expect(next.exitCode, String(next.stderr)).toBe(0);
  });

  it('exits 2 on a bad command line and documents every flag', async () => {
    for (const args of [
      ['reap'],
      ['reap', '--root', '/tmp', '--mode', 'nuke'],
      ['reap', '--root', '/tmp', '--interval', '1y'],
      ['status', '--bogus'],
    ]) {
      expect((await leakproof(args)).exitCode, args.join(' ')).toBe(2);
    }
    const help = String((await leakproof(['reap', '--help'])).stdout);
    for (const flag of [
      '--once',
      '--dry-run',
      '--json',
      '--interval',
      '--root',
      '--tmux-socket',
      '--inactive-after',
      '--orphan-grace',
      '--terminal-grace',
      '--max-actions',
      '--protect',
      '--mode',
      '--idle-mode',
      '--orphan-mode',
      '--command-timeout',
      '--iteration-timeout',
      '--action-timeout',
      '--kill-grace',
      '--state-dir',
      '--config',
      'Exit status',
      'SIGHUP',
    ]) {
      expect(help).toContain(flag);
    }
    expect(String((await leakproof(['status', '--help'])).stdout)).toContain('--root');
  });
});
