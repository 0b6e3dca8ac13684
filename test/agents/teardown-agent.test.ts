import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { teardownAgent } from '../../src/agents/teardown-agent.js';
import { leftoversOf } from '../support/session-leftovers.js';
import { tempDir } from '../support/temp-dir.js';
import { tmuxSandbox } from '../support/tmux-sandbox.js';
import {
  hashTree,
  makeVictim,
  startAgent,
  writeAgentFiles,
  writeRegistry,
} from '../support/workspace-fixture.js';

async function setup() {
  const base = await tempDir('leakproof-ws-');
  const victimDir = await tempDir('leakproof-victim-');
  const victimHash = await makeVictim(victimDir);
  const sandbox = tmuxSandbox();
  return { base, victimDir, victimHash, sandbox, client: sandbox.client };
}

describe('teardownAgent', () => {
  it('kills the tree and session, archives logs, removes the prompt, marks the record; idempotent', async () => {
    const { base, victimDir, victimHash, client } = await setup();
    const { handle, record } = await startAgent(client, 'a1');
    const neighbour = await startAgent(client, 'a1-2');
    await writeRegistry(base, 'TASK-1', [record, neighbour.record]);
    await writeAgentFiles(base, 'TASK-1', 'a1');
    const report = await teardownAgent({
      base,
      task: 'TASK-1',
      agentId: 'a1',
      client,
      killGraceMs: 200,
    });
    expect(report.ok, JSON.stringify(report)).toBe(true);
    expect(report.steps.map((s) => `${s.step}:${s.status}`)).toEqual([
      'session:done',
      'logs:done',
      'prompt:done',
      'registry:done',
    ]);
    expect(await leftoversOf(client, handle.uuid)).toEqual({ sessions: [], pids: [] });
    expect((await leftoversOf(client, neighbour.handle.uuid)).sessions).toHaveLength(1);
    expect((await readdir(join(base, 'TASK-1', 'archive'))).sort()).toEqual([
      'a1_findings.jsonl',
      'a1_progress.jsonl',
      'a1_stream.jsonl',
    ]);
    const registry = JSON.parse(
      await readFile(join(base, 'TASK-1', 'AGENT_REGISTRY.json'), 'utf8'),
    );
    expect(registry.agents[0].status).toBe('terminated');
    expect(registry.agents[1].status).toBe('running');
    const again = await teardownAgent({ base, task: 'TASK-1', agentId: 'a1', client });
    expect(again.ok).toBe(true);
    expect(again.steps.slice(1).map((s) => s.status)).toEqual(['absent', 'absent', 'absent']);
    expect(await hashTree(victimDir)).toBe(victimHash);
  });

  it('keeps both files on an archive name clash', async () => {
    const { base, client } = await setup();
    await writeRegistry(base, 'TASK-1', [{ id: 'a1', type: 't', status: 'completed' }]);
    await writeAgentFiles(base, 'TASK-1', 'a1');
    await mkdir(join(base, 'TASK-1', 'archive'));
    await writeFile(join(base, 'TASK-1', 'archive', 'a1_stream.jsonl'), 'older generation');
    const report = await teardownAgent({ base, task: 'TASK-1', agentId: 'a1', client });
    expect(report.logs[0]).toEqual({
      source: 'logs/a1_stream.jsonl',
      status: 'archived',
      archivedAs: 'archive/a1_stream.jsonl.1',
    });
    const archive = join(base, 'TASK-1', 'archive');
    expect(await readFile(join(archive, 'a1_stream.jsonl'), 'utf8')).toBe('older generation');
    expect(await readFile(join(archive, 'a1_stream.jsonl.1'), 'utf8')).toBe('{"stream":"a1"}\n');
  });

  it('refuses symlinked archive/ and logs/ directories and never follows them out', async () => {
    const { base, victimDir, victimHash, client } = await setup();
    await writeRegistry(base, 'TASK-1', [{ id: 'a1', type: 't', status: 'completed' }]);
    await writeAgentFiles(base, 'TASK-1', 'a1');
    await symlink(victimDir, join(base, 'TASK-1', 'archive'));
    const first = await teardownAgent({ base, task: 'TASK-1', agentId: 'a1', client });
    expect(first.steps.find((s) => s.step === 'logs')?.error?.code).toBe('SYMLINK_REFUSED');
    expect(first.ok).toBe(false);

    await writeRegistry(base, 'TASK-2', [{ id: 'a1', type: 't', status: 'completed' }]);
    await symlink(join(victimDir, 'logs'), join(base, 'TASK-2', 'logs'));
    const second = await teardownAgent({ base, task: 'TASK-2', agentId: 'a1', client });
    expect(second.steps.find((s) => s.step === 'logs')?.error?.code).toBe('SYMLINK_REFUSED');
    expect(await hashTree(victimDir)).toBe(victimHash);
  });

  it('unlinks a prompt-file symlink, never its target, and skips a FIFO named like a log', async () => {
    const { base, victimDir, victimHash, client } = await setup();
    await writeRegistry(base, 'TASK-1', [{ id: 'a1', type: 't', status: 'completed' }]);
    await mkdir(join(base, 'TASK-1', 'logs'));
    await symlink(
      join(victimDir, 'agent_prompt_a1.txt'),
      join(base, 'TASK-1', 'agent_prompt_a1.txt'),
    );
    execFileSync('mkfifo', [join(base, 'TASK-1', 'logs', 'a1_stream.jsonl')]);
    const report = await teardownAgent({ base, task: 'TASK-1', agentId: 'a1', client });
    expect(report.ok, JSON.stringify(report)).toBe(true);
    expect(report.logs[0]?.status).toBe('skipped');
    expect((await stat(join(base, 'TASK-1', 'logs', 'a1_stream.jsonl'))).isFIFO()).toBe(true);
    expect(await readdir(join(base, 'TASK-1'))).not.toContain('agent_prompt_a1.txt');
    expect(await hashTree(victimDir)).toBe(victimHash);
  });

  it('never kills by name: an unlabelled record, or a name shared by a new generation, is safe', async () => {
    const { base, client } = await setup();
    const next = await startAgent(client, 'a1');
    // The old generation's record has the same session name, an old label and the old $id.
    const stale = {
      ...next.record,
      status: 'completed',
      nonce: 'old-generation',
      session_id: '$99',
    };
    await writeRegistry(base, 'TASK-1', [
      stale,
      { id: 'b1', type: 't', status: 'completed', tmux_session: '*' },
    ]);
    expect((await teardownAgent({ base, task: 'TASK-1', agentId: 'a1', client })).ok).toBe(true);
    const b1 = await teardownAgent({ base, task: 'TASK-1', agentId: 'b1', client });
    expect(b1.steps[0]?.status).toBe('skipped');
    expect((await leftoversOf(client, next.handle.uuid)).sessions).toHaveLength(1);
  });

  it('touches nothing for a hostile id', async () => {
    const { base, victimDir, victimHash, client } = await setup();
    for (const agentId of ['x/../../victim', `../${victimDir}`, '-a', 'a\nb', 'x'.repeat(4096)]) {
      await expect(teardownAgent({ base, task: 'TASK-1', agentId, client })).rejects.toThrow(
        /Refusing agentId/,
      );
    }
    expect(await readdir(base)).toEqual([]);
    expect(await hashTree(victimDir)).toBe(victimHash);
  });

  it('validates its options before touching anything', async () => {
    const { base, client } = await setup();
    const ok = { base, task: 'TASK-1', agentId: 'a1', client };
    const bad = [
      { ...ok, client: 'tmux' },
      { ...ok, killGraceMs: -1 },
      { ...ok, status: 'running' },
      { ...ok, base: 'relative' },
      { ...ok, task: '../TASK-1' },
    ];
    for (const options of bad) {
      await expect(teardownAgent(options as never)).rejects.toMatchObject({
        code: expect.stringMatching(/^INVALID_/),
      });
    }
    expect(await readdir(base)).toEqual([]);
  });

  it('reports a corrupt registry and skips the session kill', async () => {
    const { base, client } = await setup();
    await mkdir(join(base, 'TASK-1'));
    await writeFile(join(base, 'TASK-1', 'AGENT_REGISTRY.json'), '{"agents": [');
    const report = await teardownAgent({ base, task: 'TASK-1', agentId: 'a1', client });
    expect(report.ok).toBe(false);
    expect(report.steps[0]?.error?.code).toBe('REGISTRY_CORRUPT');
  });
});
