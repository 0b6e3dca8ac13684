import { describe, expect, it } from 'vitest';
import { Reaper } from '../../src/reaper/reaper.js';
import { recheck } from '../../src/reaper/recheck.js';
import { RegistryCache } from '../../src/reaper/registry-cache.js';
import { defaultTmuxExec, type TmuxExec } from '../../src/tmux/tmux-exec.js';
import { tempDir } from '../support/temp-dir.js';
import { tmuxSandbox } from '../support/tmux-sandbox.js';
import { abandon, startAgent, writeRegistry } from '../support/workspace-fixture.js';

describe('acting on a plan', () => {
  it('re-checks each action against a fresh view: a changed record or registry cancels it', async () => {
    const root = await tempDir('leakproof-act-');
    const record = { id: 'a1', type: 't', status: 'completed', nonce: 'n-1' };
    await writeRegistry(root, 'TASK-1', [record]);
    const cache = new RegistryCache(root);
    const view = await cache.read('TASK-1');
    const snapshot = {
      takenAtMs: Date.now(),
      registries: [view],
      sessions: [],
      markedProcesses: {},
    };
    const fresh = { root, snapshot, sessions: [], cache, now: Date.now(), inactiveAfterMs: 1 };
    const teardown = {
      kind: 'teardown',
      task: 'TASK-1',
      agentId: 'a1',
      label: 'n-1',
      reason: 'r',
      sinceMs: 0,
      killsSession: false,
    } as const;
    expect(await recheck(teardown, fresh)).toBeUndefined();
    // A new generation took the id: another label.
    await writeRegistry(root, 'TASK-1', [{ ...record, status: 'running', nonce: 'n-2' }]);
    expect(await recheck(teardown, fresh)).toBe('agent record changed');
    await writeRegistry(root, 'TASK-1', [{ ...record, status: 'running' }]);
    expect(await recheck(teardown, fresh)).toBe('agent no longer terminal');
    const orphan = {
      kind: 'kill-orphan',
      sessionId: '$1',
      label: 'x',
      reason: 'r',
      sinceMs: 0,
      killsSession: true,
    } as const;
    const alive = {
      ...fresh,
      sessions: [{ sessionId: '$1', sessionName: 's', label: 'x', activityMs: 0 }],
    };
    expect(await recheck(orphan, alive)).toBe('registry of TASK-1 changed');
    expect(await recheck(orphan, fresh)).toBe('session already gone');
  });

  it('cuts an action off at actionTimeoutMs and reports it timed out', async () => {
    const root = await tempDir('leakproof-act-');
    const sandbox = tmuxSandbox();
    const orphan = await startAgent(sandbox.client, 'orphan1');
    await abandon(sandbox.client, orphan.handle);
    await writeRegistry(root, 'TASK-1', []);
    // tmux hangs on the kill (until the client gives up on it), answers everything else.
    const exec: TmuxExec = (request) =>
      request.args.includes('if-shell')
        ? new Promise((resolve) =>
            request.signal.addEventListener('abort', () =>
              resolve({ exitCode: 1, stdout: '', stderr: 'aborted' }),
            ),
          )
        : defaultTmuxExec(request);
    let now = Date.now();
    const reaper = new Reaper({
      root,
      client: sandbox.clientWith({ exec, timeoutMs: 2_000 }),
      now: () => now,
      orphanMode: 'kill',
      orphanGraceMs: 1_000,
      actionTimeoutMs: 300,
      killGraceMs: 50,
    });
    await reaper.reapOnce();
    now += 60_000;
    const report = await reaper.reapOnce();
    expect(report.results.map((r) => r.status)).toEqual(['timed-out']);
    expect(report.ok).toBe(false);
  });
});
