import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { InvalidOptionError } from '../../src/errors/invalid-option-error.js';
import { isAlive } from '../../src/proc/process-identity.js';
import { scanProcesses } from '../../src/proc/process-table.js';
import { descendantsOf } from '../../src/proc/process-tree.js';
import { tmuxSession } from '../../src/resources/tmux-session.js';
import { TmuxSessionStartError } from '../../src/resources/tmux-session-errors.js';
import type { TmuxSessionOptions } from '../../src/resources/tmux-session-options.js';
import { ResourceScope } from '../../src/scope/resource-scope.js';
import { TmuxDuplicateSessionError, TmuxTimeoutError } from '../../src/tmux/tmux-errors.js';
import { defaultTmuxExec, type TmuxExec } from '../../src/tmux/tmux-exec.js';
import { leftoversOf } from '../support/session-leftovers.js';
import { fixture, spawnFixture } from '../support/spawn-fixture.js';
import { type TmuxSandbox, tmuxSandbox } from '../support/tmux-sandbox.js';
import { waitFor } from '../support/wait-for.js';

const signal = new AbortController().signal;
const ctx = { signal, intend: async () => undefined };
const release = { reason: 'rollback', signal } as const;

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'leakproof-session-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function sessionOf(sandbox: TmuxSandbox, options: Partial<TmuxSessionOptions> & { name: string }) {
  return tmuxSession({
    command: ['sleep', '1000'],
    cwd: tmpdir(),
    client: sandbox.client,
    startupCheckMs: 50,
    killGraceMs: 200,
    ...options,
  });
}

describe('tmuxSession', () => {
  it('acquires a labelled, running session and releases it without leftovers', async () => {
    const sandbox = tmuxSandbox();
    const resource = sessionOf(sandbox, { name: 'agent_a1' });
    expect(resource.kind).toBe('tmux-session');
    const handle = await resource.acquire(ctx);
    expect(resource.intent).toEqual({
      name: 'agent_a1',
      uuid: handle.uuid,
      socket: { name: sandbox.socketName },
      tmuxPath: 'tmux',
      killGraceMs: 200,
    });
    expect(resource.describe?.(handle)).toEqual({
      name: 'agent_a1',
      uuid: handle.uuid,
      socket: { name: sandbox.socketName },
      sessionId: handle.sessionId,
      paneId: handle.paneId,
      panePid: handle.panePid,
      panePidStartTime: handle.panePidStartTime,
    });
    const [pane] = (await sandbox.client.snapshot()).panes;
    expect(pane).toMatchObject({
      sessionId: handle.sessionId,
      paneId: handle.paneId,
      panePid: handle.panePid,
      sessionName: 'agent_a1',
      leakproofId: handle.uuid,
      paneDead: false,
    });
    const remain = [['show-options', '-w', '-v', '-t', handle.paneId, 'remain-on-exit']];
    expect(await sandbox.client.run(remain)).toBe('off\n');
    expect(pane?.owner).toMatch(new RegExp(`/${process.pid}/\\d+$`));
    expect((await leftoversOf(sandbox.client, handle.uuid)).pids).toEqual([handle.panePid]);
    await resource.release(handle, release);
    expect(await leftoversOf(sandbox.client, handle.uuid)).toEqual({ sessions: [], pids: [] });
    // Idempotent: releasing again is "already gone".
    await resource.release(handle, release);
  });

  it('releasing agent_a leaves agent_a-2 alone (no prefix matching)', async () => {
    const sandbox = tmuxSandbox();
    const second = await sessionOf(sandbox, { name: 'agent_a-2' }).acquire(ctx);
    const firstResource = sessionOf(sandbox, { name: 'agent_a' });
    const first = await firstResource.acquire(ctx);
    await firstResource.release(first, release);
    const { panes } = await sandbox.client.snapshot();
    expect(panes.map((pane) => [pane.sessionName, pane.paneDead])).toEqual([['agent_a-2', false]]);
    expect((await leftoversOf(sandbox.client, second.uuid)).pids).toEqual([second.panePid]);
  });

  it('passes arguments ending in ";" and odd characters to the command byte for byte', async () => {
    const sandbox = tmuxSandbox();
    const dir = await tempDir();
    const cwd = join(dir, 'odd #{session_name} dir');
    await mkdir(cwd);
    const out = join(dir, 'argv.json');
    const args = ['a;', ';', 'b\\;', ';;', '{', '}', '#{pane_id}', '$HOME', '~', '-t', '', 'x y'];
    const caller = sandbox.clientWith({
      env: { ...process.env, TMUX: '/tmp/tmux-0/default,1,0', TMUX_PANE: '%99' },
    });
    const handle = await tmuxSession({
      name: 'argv',
      command: ['node', fixture('print-argv.mjs'), out, ...args],
      cwd,
      env: { AGENT_TOKEN: 'ends with;' },
      client: caller,
      startupCheckMs: 50,
    }).acquire(ctx);
    await using _ = handle;
    const seen = await waitFor('the fixture output', () =>
      readFile(out, 'utf8').then(JSON.parse, () => undefined),
    );
    expect(seen.argv).toEqual(args);
    expect(seen.cwd).toBe(cwd);
    expect(seen.env.AGENT_TOKEN).toBe('ends with;');
    expect(seen.env.LEAKPROOF_SESSION).toBe(handle.uuid);
    expect(seen.env.TMUX).toContain(sandbox.socketName);
    expect(seen.env.TMUX_PANE).toBe(handle.paneId);
  });

  it('fails on a missing binary and leaves nothing behind', async () => {
    const sandbox = tmuxSandbox();
    const resource = sessionOf(sandbox, {
      name: 'missing',
      command: ['/nonexistent/agent', '-x'],
      startupCheckMs: 5_000, // ends early: the command exits
    });
    const error = await resource.acquire(ctx).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TmuxSessionStartError);
    expect((error as TmuxSessionStartError).exitStatus).toBe(1);
    expect((await sandbox.client.snapshot()).panes).toEqual([]);
  });

  it('fails on an immediate exit 42, naming the status and the output, leaving no process', async () => {
    const sandbox = tmuxSandbox();
    const resource = sessionOf(sandbox, {
      name: 'crashy',
      command: ['bash', fixture('exit-at-once.sh')],
      startupCheckMs: 5_000, // ends early: the command exits
    });
    const error = (await resource.acquire(ctx).catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(TmuxSessionStartError);
    expect(error.message).toContain('status 42');
    expect(error.message).toContain('fatal: unknown flag --frobnicate');
    expect((error as TmuxSessionStartError).exitStatus).toBe(42);
    const uuid = (resource.intent as { uuid: string }).uuid;
    expect(await leftoversOf(sandbox.client, uuid)).toEqual({ sessions: [], pids: [] });
  });

  it('kills the whole tree: SIGHUP-ignoring leader, child, nohup job, setsid orphan, TERM trap', async () => {
    const sandbox = tmuxSandbox();
    const dir = await tempDir();
    const out = join(dir, 'pids.txt');
    const resource = sessionOf(sandbox, {
      name: 'stubborn',
      command: ['bash', fixture('process-tree.sh'), out],
    });
    const handle = await resource.acquire(ctx);
    const pids = await waitFor('the fixture tree', async () => {
      const text = await readFile(out, 'utf8').catch(() => '');
      if (!text.includes('ready')) return undefined;
      return Object.fromEntries(
        text
          .trim()
          .split('\n')
          .filter((line) => line !== 'ready')
          .map((line) => line.split(' ') as [string, string]),
      );
    });
    expect(Object.keys(pids).sort()).toEqual(['child', 'leader', 'nohup', 'orphan', 'term-trap']);
    const before = await leftoversOf(sandbox.client, handle.uuid);
    for (const pid of Object.values(pids)) expect(before.pids).toContain(Number(pid));
    // The orphan escaped the pane's tree: only the environment marker still finds it.
    const tree = descendantsOf(await scanProcesses(), handle.panePid).map((entry) => entry.pid);
    expect(tree).toContain(Number(pids['term-trap']));
    expect(tree).not.toContain(Number(pids.orphan));
    await resource.release(handle, release);
    expect(await leftoversOf(sandbox.client, handle.uuid)).toEqual({ sessions: [], pids: [] });
  });

  it('removes everything when the start is aborted during the startup check', async () => {
    const sandbox = tmuxSandbox();
    const controller = new AbortController();
    const resource = sessionOf(sandbox, { name: 'aborted', startupCheckMs: 5_000 });
    const pending = resource.acquire({ signal: controller.signal, intend: ctx.intend });
    await waitFor('the session', async () =>
      (await sandbox.client.snapshot()).panes.length > 0 ? true : undefined,
    );
    controller.abort(new Error('scope rolled back'));
    const error = (await pending.catch((caught: unknown) => caught)) as TmuxSessionStartError;
    expect(error).toBeInstanceOf(TmuxSessionStartError);
    expect(error.message).toContain('aborted');
    const uuid = (resource.intent as { uuid: string }).uuid;
    expect(await leftoversOf(sandbox.client, uuid)).toEqual({ sessions: [], pids: [] });
  });

  it('never signals a recycled leader pid on release', async () => {
    const sandbox = tmuxSandbox();
    const resource = sessionOf(sandbox, { name: 'recycled' });
    const handle = await resource.acquire(ctx);
    await resource.release(handle, release);
    // The leader's pid now belongs to an unrelated process (start time differs).
    const { identity } = await spawnFixture('print-ready.sh');
    const stale = { ...handle, panePid: identity.pid, panePidStartTime: identity.startTime - 1 };
    await resource.release(stale, release);
    expect(await isAlive(identity)).toBe(true);
  });

  it('does not kill a session whose label was changed', async () => {
    const sandbox = tmuxSandbox();
    const resource = sessionOf(sandbox, { name: 'adopted' });
    const handle = await resource.acquire(ctx);
    await sandbox.client.run([['set-option', '-t', handle.sessionId, '@leakproof_id', 'someone']]);
    await resource.release(handle, release);
    const { panes } = await sandbox.client.snapshot();
    expect(panes.map((pane) => [pane.sessionId, pane.paneDead])).toEqual([
      [handle.sessionId, false],
    ]);
  });

  it('cleans up a session tmux created although the create call timed out', async () => {
    // tmux created and labelled the session, but its answer never arrived.
    const exec: TmuxExec = async (request) => {
      const result = await defaultTmuxExec(request);
      if (!request.args.includes('new-session')) return result;
      throw new TmuxTimeoutError('tmux did not finish within 5000 ms', { args: request.args });
    };
    const sandbox = tmuxSandbox({ exec });
    const resource = sessionOf(sandbox, { name: 'slow' });
    await expect(resource.acquire(ctx)).rejects.toBeInstanceOf(TmuxTimeoutError);
    const uuid = (resource.intent as { uuid: string }).uuid;
    expect(await leftoversOf(sandbox.client, uuid)).toEqual({ sessions: [], pids: [] });
  });

  it('refuses a duplicate name without touching the existing session', async () => {
    const sandbox = tmuxSandbox();
    const existing = await sessionOf(sandbox, { name: 'twin' }).acquire(ctx);
    const error = await sessionOf(sandbox, { name: 'twin' })
      .acquire(ctx)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TmuxDuplicateSessionError);
    expect((await leftoversOf(sandbox.client, existing.uuid)).pids).toEqual([existing.panePid]);
  });

  it('rolls back with its scope and disposes as a handle', async () => {
    const sandbox = tmuxSandbox();
    const scope = new ResourceScope({ name: 'deploy' });
    const handle = await scope.acquire(sessionOf(sandbox, { name: 'scoped' }));
    const report = await scope.rollback('test');
    expect(report.entries).toMatchObject([{ kind: 'tmux-session', status: 'released' }]);
    expect((await sandbox.client.snapshot()).panes).toEqual([]);
    {
      await using disposed = await sessionOf(sandbox, { name: 'disposed' }).acquire(ctx);
      expect(disposed.sessionId).toMatch(/^\$\d+$/);
    }
    expect((await sandbox.client.snapshot()).panes).toEqual([]);
    expect(handle.name).toBe('scoped');
  });

  it('validates every option before creating anything', async () => {
    const sandbox = tmuxSandbox();
    const bad: Array<Partial<TmuxSessionOptions>> = [
      { name: 'agent.a' },
      { name: 'agent a' },
      { name: '#{pane_id}' },
      { name: '' },
      { command: ['sleep'] },
      { command: ['', 'x'] },
      { command: 'sleep 10' as never },
      { cwd: 'relative' },
      { env: { LEAKPROOF_SESSION: 'x' } },
      { env: { 'A=B': 'x' } },
      { env: { A: 1 as never } },
      { startupCheckMs: -1 },
      { killGraceMs: 1.5 },
      { client: {} as never },
    ];
    for (const options of bad) {
      expect(() => sessionOf(sandbox, { name: 'ok', ...options })).toThrow(InvalidOptionError);
    }
    const missingCwd = sessionOf(sandbox, { name: 'ok', cwd: '/nonexistent/dir' });
    await expect(missingCwd.acquire(ctx)).rejects.toBeInstanceOf(InvalidOptionError);
    expect(await sandbox.client.snapshot()).toEqual({ serverPid: undefined, panes: [] });
  });
});
