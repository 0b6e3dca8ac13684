import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ResourceScope, tmuxSession } from '../../src/index.js';
import { readStartTime } from '../../src/proc/process-identity.js';
import { createTmuxSandbox, findLeaks } from '../../src/testing/index.js';
import { fixture } from '../support/spawn-fixture.js';
import { tempDir } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';

describe('createTmuxSandbox', () => {
  it('uses a unique socket and lists only leakproof-labelled sessions', async () => {
    await using a = createTmuxSandbox();
    await using b = createTmuxSandbox();
    expect(a.socketName).toMatch(/^leakproof-test-[0-9a-f]{12}$/);
    expect(a.socketName).not.toBe(b.socketName);
    expect(await a.labelledSessions()).toEqual([]);
    await a.client.run([['new-session', '-d', '-s', 'plain', 'sleep', '60']]);
    const session = await ResourceScope.run((scope) =>
      scope.acquire(
        tmuxSession({ name: 'agent_a1', command: ['sleep', '60'], cwd: '/', client: a.client }),
      ),
    );
    expect(await a.labelledSessions()).toEqual([
      { sessionId: session.sessionId, name: 'agent_a1', leakproofId: session.uuid },
    ]);
    expect(await b.labelledSessions()).toEqual([]);
  });

  it('kills, on disposal, the server and every marked process of its sessions, even ones that survive kill-server', async () => {
    const pids = join(await tempDir(), 'pids.txt');
    const sandbox = createTmuxSandbox();
    onTestFinished(() => sandbox[Symbol.asyncDispose]());
    const session = await ResourceScope.run((scope) =>
      scope.acquire(
        tmuxSession({
          name: 'agent_a1',
          command: ['bash', fixture('process-tree.sh'), pids],
          cwd: '/',
          client: sandbox.client,
        }),
      ),
    );
    await waitFor('the process tree', async () =>
      (await readFile(pids, 'utf8').catch(() => '')).includes('ready') ? true : undefined,
    );
    expect(await findLeaks({ marker: session.uuid })).not.toEqual([]);
    await sandbox[Symbol.asyncDispose]();
    expect(await findLeaks({ tmux: sandbox, marker: session.uuid })).toEqual([]);
    await expect(access(sandbox.client.socketFile)).rejects.toThrow(/ENOENT/);
    // Disposing again is harmless.
    await sandbox[Symbol.asyncDispose]();
  });

  it('kills, on disposal, what an unlabelled session left behind after it was killed', async () => {
    const pids = join(await tempDir(), 'pids.txt');
    const sandbox = createTmuxSandbox();
    onTestFinished(() => sandbox[Symbol.asyncDispose]());
    await sandbox.client.run([
      ['new-session', '-d', '-s', 'plain', 'bash', fixture('process-tree.sh'), pids],
    ]);
    const started = await waitFor('the process tree', async () => {
      const text = await readFile(pids, 'utf8').catch(() => '');
      return text.includes('ready') ? text : undefined;
    });
    const survivors = [...started.matchAll(/^\S+ (\d+)$/gm)].map((m) => Number(m[1]));
    expect(survivors.length).toBeGreaterThanOrEqual(5);
    await sandbox.client.run([['kill-session', '-t', '=plain']]);
    expect(await running(survivors)).not.toEqual([]);
    await sandbox[Symbol.asyncDispose]();
    expect(await running(survivors)).toEqual([]);
  });
});

/** The pids that name a live (non-zombie) process. */
async function running(pids: readonly number[]): Promise<number[]> {
  const times = await Promise.all(pids.map((pid) => readStartTime(pid)));
  return pids.filter((_, index) => times[index] !== undefined);
}
