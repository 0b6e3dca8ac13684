import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AgentRegistrySchema,
  FileJournal,
  RegistryStore,
  ResourceScope,
  recover,
  registerAgent,
  unregisterAgentOperation,
} from '../../src/index.js';
import { runFixture } from '../support/run-fixture.js';
import { tempDir } from '../support/temp-dir.js';

const seedTask = {
  task_id: 'TASK-1',
  agents: [{ id: 'b1', type: 'reviewer', status: 'running', nonce: 'nb', custom_field: 'kept' }],
  active_count: 1,
  total_spawned: 1,
  orchestrator_version: '2.4',
};
const seedGlobal = {
  agents: { b1: { type: 'reviewer', status: 'running', nonce: 'nb' } },
  active_agents: 1,
  total_agents_spawned: 1,
};

describe('registry changes after a crash', () => {
  it('recover() reverts both registrations of a SIGKILLed deployment, leaving others and unknown fields', async () => {
    const dir = await tempDir();
    const journalDir = join(dir, 'journal');
    const taskPath = join(dir, 'AGENT_REGISTRY.json');
    const globalPath = join(dir, 'GLOBAL_REGISTRY.json');
    await writeFile(taskPath, JSON.stringify(seedTask));
    await writeFile(globalPath, JSON.stringify(seedGlobal));
    const run = await runFixture('journal/crashing-registration.ts', [
      journalDir,
      taskPath,
      globalPath,
      'a1',
      'n1',
    ]);
    expect(run.signal, run.stderr).toBe('SIGKILL');
    const during = JSON.parse(await readFile(taskPath, 'utf8'));
    expect(during.agents.map((agent: { id: string }) => agent.id)).toEqual(['b1', 'a1']);
    const report = await recover({ journal: new FileJournal(journalDir) });
    expect(report.ok, JSON.stringify(report)).toBe(true);
    const task = JSON.parse(await readFile(taskPath, 'utf8'));
    expect(task).toMatchObject({ ...seedTask, agents: [seedTask.agents[0]] });
    const global = JSON.parse(await readFile(globalPath, 'utf8'));
    expect(Object.keys(global.agents)).toEqual(['b1']);
    expect(global).toMatchObject({ active_agents: 1 });
  });

  it('leaves an agent of the same id registered by another deployment (other nonce)', async () => {
    const dir = await tempDir();
    const path = join(dir, 'AGENT_REGISTRY.json');
    await writeFile(path, JSON.stringify(seedTask));
    const store = new RegistryStore({ path, schema: AgentRegistrySchema, initial: () => seedTask });
    const undo = unregisterAgentOperation.apply(await store.read(), {
      id: 'b1',
      nonce: 'someone-else',
    });
    expect(undo.agents).toHaveLength(1);
  });

  it('reverts in-process with the undo operation when no revert closure is given', async () => {
    const dir = await tempDir();
    const path = join(dir, 'AGENT_REGISTRY.json');
    await writeFile(path, JSON.stringify(seedTask));
    const before = await readFile(path, 'utf8');
    const store = new RegistryStore({ path, schema: AgentRegistrySchema, initial: () => seedTask });
    const scope = new ResourceScope();
    await scope.acquire(
      store.change({
        apply: (registry) =>
          registerAgent(registry, { id: 'a1', type: 'coder', status: 'running', nonce: 'n1' }),
        undo: { operation: unregisterAgentOperation, args: { id: 'a1', nonce: 'n1' } },
      }),
    );
    expect((await store.read()).agents).toHaveLength(2);
    await scope.rollback();
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(JSON.parse(before));
  });

  it('rejects an undo whose arguments do not fit its operation, before changing anything', async () => {
    const dir = await tempDir();
    const store = new RegistryStore({
      path: join(dir, 'r.json'),
      schema: AgentRegistrySchema,
      initial: () => seedTask,
    });
    expect(() =>
      store.change({
        apply: (registry) => registry,
        undo: { operation: unregisterAgentOperation, args: { id: 42 } },
      }),
    ).toThrow('`undo`');
  });

  it('keeps the journal of a change without an undo, saying why', async () => {
    const dir = await tempDir();
    const journalDir = join(dir, 'journal');
    const path = join(dir, 'r.json');
    await writeFile(path, JSON.stringify(seedTask));
    const owner = { pid: 2 ** 22 + 23, startTime: 1, bootId: 'x' };
    const lines = [
      { t: 'open', v: 1, scope: 's', owner, at: Date.now() },
      {
        t: 'intent',
        seq: 0,
        kind: 'registry-change',
        label: 'c',
        intent: { registry: path, change: 'c' },
        at: Date.now(),
      },
    ];
    await (await import('node:fs/promises')).mkdir(journalDir);
    await writeFile(
      join(journalDir, 'x.journal'),
      `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`,
    );
    const report = await recover({ journal: new FileJournal(journalDir) });
    expect(report.journals[0]?.status).toBe('incomplete');
    expect(report.journals[0]?.entries[0]?.error?.code).toBe('REGISTRY_CHANGE_UNRECOVERABLE');
  });
});
