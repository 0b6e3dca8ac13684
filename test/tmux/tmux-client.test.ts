import { describe, expect, it, vi } from 'vitest';
import { InvalidOptionError } from '../../src/errors/invalid-option-error.js';
import { TmuxClient } from '../../src/tmux/tmux-client.js';
import {
  TmuxCommandError,
  TmuxDuplicateSessionError,
  TmuxNotInstalledError,
  TmuxOutputError,
  TmuxServerExitedError,
  TmuxTimeoutError,
  TmuxVersionError,
} from '../../src/tmux/tmux-errors.js';
import { defaultTmuxExec, type TmuxExec } from '../../src/tmux/tmux-exec.js';
import { fixture } from '../support/spawn-fixture.js';
import { tmuxSandbox } from '../support/tmux-sandbox.js';

const sleeper = (name: string) => ['new-session', '-d', '-s', name, '--', 'sleep', '1000'];

describe('TmuxClient', () => {
  it('returns an empty snapshot when no server runs', async () => {
    const { client } = tmuxSandbox();
    expect(await client.snapshot()).toEqual({ serverPid: undefined, panes: [] });
  });

  it('returns an empty snapshot from a server whose last session just went', async () => {
    const exec: TmuxExec = async (request) =>
      request.args.includes('list-panes')
        ? { exitCode: 1, stdout: '', stderr: 'no current target\n' }
        : defaultTmuxExec(request);
    const { client } = tmuxSandbox({ exec });
    expect(await client.snapshot()).toEqual({ serverPid: undefined, panes: [] });
  });

  it('snapshots every pane with ids, times, pids and labels in one call', async () => {
    const exec = vi.fn(defaultTmuxExec);
    const { client } = tmuxSandbox({ exec });
    await client.run([sleeper('one'), ['set-option', '-t', '=one:', '@leakproof_id', 'u-1']]);
    await client.run([sleeper('two')]);
    exec.mockClear();
    const { serverPid, panes } = await client.snapshot();
    expect(exec).toHaveBeenCalledTimes(1);
    expect(serverPid).toBeGreaterThan(1);
    expect(panes.map((pane) => [pane.sessionName, pane.leakproofId])).toEqual([
      ['one', 'u-1'],
      ['two', undefined],
    ]);
    const [pane] = panes;
    expect(pane?.sessionId).toMatch(/^\$\d+$/);
    expect(pane?.paneId).toMatch(/^%\d+$/);
    expect(pane?.panePid).toBeGreaterThan(1);
    expect(pane?.paneDead).toBe(false);
    expect(Math.abs((pane?.windowActivityMs ?? 0) - Date.now())).toBeLessThan(60_000);
    expect(pane?.sessionCreatedMs).toBeLessThanOrEqual(Date.now());
  });

  it('never sends a bare-name target to tmux', async () => {
    const exec = vi.fn(defaultTmuxExec);
    const { client } = tmuxSandbox({ exec });
    await expect(client.run([['kill-session', '-t', 'agent_a']])).rejects.toBeInstanceOf(
      InvalidOptionError,
    );
    await expect(client.run([['kill-session', '-t', '$x']])).rejects.toBeInstanceOf(
      InvalidOptionError,
    );
    await expect(client.run([['join-pane', '-s', 'agent_a', '-t', '%1']])).rejects.toBeInstanceOf(
      InvalidOptionError,
    );
    expect(exec).not.toHaveBeenCalled();
  });

  it('splits a batch larger than 16 KiB into several calls that all apply', async () => {
    const exec = vi.fn(defaultTmuxExec);
    const { client } = tmuxSandbox({ exec });
    await client.run([sleeper('big')]);
    const [pane] = (await client.snapshot()).panes;
    const id = pane?.sessionId as string;
    const value = 'v'.repeat(40);
    const commands = Array.from({ length: 600 }, (_, i) => [
      'set-option',
      '-t',
      id,
      `@o${i}`,
      value,
    ]);
    exec.mockClear();
    await client.run(commands);
    expect(exec.mock.calls.length).toBeGreaterThan(1);
    const shown = await client.run([['display-message', '-p', '-t', id, '#{@o0}/#{@o599}']]);
    expect(shown).toBe(`${value}/${value}\n`);
  });

  it('classifies a duplicate session', async () => {
    const { client } = tmuxSandbox();
    await client.run([sleeper('dup')]);
    await expect(client.run([sleeper('dup')])).rejects.toBeInstanceOf(TmuxDuplicateSessionError);
  });

  it('kills many sessions in one call and treats gone ones as gone, not as errors', async () => {
    const exec = vi.fn(defaultTmuxExec);
    const { client } = tmuxSandbox({ exec });
    await client.run(['a', 'b', 'c', 'd'].map(sleeper));
    const ids = (await client.snapshot()).panes.map((pane) => pane.sessionId);
    exec.mockClear();
    // tmux stops a ";" sequence at the first failure: the ones after the gone "$999" must still die.
    const result = await client.killSessions([ids[0], '$999', ...ids.slice(1)] as string[]);
    expect(result).toEqual({ killed: ids, gone: ['$999'] });
    expect((await client.snapshot()).panes).toEqual([]);
    expect(await client.killSessions(ids)).toEqual({ killed: [], gone: ids });
  });

  it('kills a session by id only while its label matches', async () => {
    const { client } = tmuxSandbox();
    await client.run([sleeper('x'), ['set-option', '-t', '=x:', '@leakproof_id', 'mine']]);
    const [pane] = (await client.snapshot()).panes;
    const id = pane?.sessionId as string;
    expect((await client.killLabelledSessions([id], 'other')).panes).toHaveLength(1);
    expect((await client.snapshot()).panes).toHaveLength(1);
    expect((await client.killLabelledSessions([id], 'mine')).panes).toHaveLength(0);
    expect((await client.snapshot()).panes).toHaveLength(0);
    expect(await client.killLabelledSessions([id], 'mine')).toEqual({
      serverPid: undefined,
      panes: [],
    });
    await expect(client.killLabelledSessions([id], "x'; kill-server")).rejects.toBeInstanceOf(
      InvalidOptionError,
    );
  });

  it('fails with a typed error when tmux is not installed', async () => {
    const client = new TmuxClient({ socketName: 'never-started', tmuxPath: '/nonexistent/tmux' });
    const error = await client.snapshot().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TmuxNotInstalledError);
    expect((error as TmuxNotInstalledError).cause).toBeDefined();
  });

  it('rejects tmux older than 3.2', async () => {
    const exec: TmuxExec = async () => ({ exitCode: 0, stdout: 'tmux 3.1c\n', stderr: '' });
    const client = new TmuxClient({ socketName: 'never-started', exec });
    await expect(client.snapshot()).rejects.toBeInstanceOf(TmuxVersionError);
  });

  it('kills a hung tmux after the timeout', async () => {
    const client = new TmuxClient({
      socketName: 'never-started',
      tmuxPath: fixture('hung-tmux.sh'),
      timeoutMs: 200,
    });
    await expect(client.snapshot()).rejects.toBeInstanceOf(TmuxTimeoutError);
  });

  it('times out even when an injected exec never settles', async () => {
    const exec: TmuxExec = () => new Promise(() => undefined);
    const client = new TmuxClient({ socketName: 'never-started', exec, timeoutMs: 50 });
    await expect(client.version()).rejects.toBeInstanceOf(TmuxTimeoutError);
  });

  it('turns garbage output into a typed error', async () => {
    const exec: TmuxExec = async (request) =>
      request.args.includes('list-panes')
        ? { exitCode: 0, stdout: 'this is not a pane\n', stderr: '' }
        : defaultTmuxExec(request);
    const { client } = tmuxSandbox({ exec });
    await expect(client.snapshot()).rejects.toBeInstanceOf(TmuxOutputError);
  });

  it('retries when the server exits under a call, and gives up after `retries`', async () => {
    let races = 1;
    const exec = vi.fn<TmuxExec>(async (request) => {
      if (request.args.includes('new-session') && races-- > 0) {
        return { exitCode: 1, stdout: '', stderr: 'server exited unexpectedly\n' };
      }
      return defaultTmuxExec(request);
    });
    const sandbox = tmuxSandbox({ exec });
    await sandbox.client.run([sleeper('raced')]);
    expect((await sandbox.client.snapshot()).panes.map((pane) => pane.sessionName)).toEqual([
      'raced',
    ]);
    races = 10;
    const impatient = sandbox.clientWith({ exec, retries: 2 });
    await expect(impatient.run([sleeper('again')])).rejects.toBeInstanceOf(TmuxServerExitedError);
  });

  it('wraps an unexpected exec failure', async () => {
    const exec: TmuxExec = () => Promise.reject(new Error('EMFILE'));
    const client = new TmuxClient({ socketName: 'never-started', exec });
    await expect(client.version()).rejects.toBeInstanceOf(TmuxCommandError);
  });

  it('validates its options', () => {
    expect(() => new TmuxClient({ socketName: 'a/b' })).toThrow(InvalidOptionError);
    expect(() => new TmuxClient({ socketPath: 'relative' })).toThrow(InvalidOptionError);
    expect(() => new TmuxClient({ socketName: 'a', socketPath: '/tmp/a' })).toThrow(
      InvalidOptionError,
    );
    expect(() => new TmuxClient({ timeoutMs: 0 })).toThrow(InvalidOptionError);
    expect(new TmuxClient({ socketPath: '/tmp/x.sock' }).socketFile).toBe('/tmp/x.sock');
    const named = new TmuxClient({ socketName: 'n', env: { TMUX_TMPDIR: '/run/t' } });
    expect(named.socketFile).toBe(`/run/t/tmux-${process.getuid?.()}/n`);
  });
});
