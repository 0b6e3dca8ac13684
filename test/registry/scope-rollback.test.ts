import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuplicateAgentError } from '../../src/registry/agent-errors.js';
import { registerAgent, unregisterAgent } from '../../src/registry/agent-registry-helpers.js';
import {
  AgentRegistrySchema,
  emptyAgentRegistry,
} from '../../src/registry/agent-registry-schema.js';
import {
  registerGlobalAgent,
  unregisterGlobalAgent,
} from '../../src/registry/global-registry-helpers.js';
import {
  emptyGlobalRegistry,
  GlobalRegistrySchema,
} from '../../src/registry/global-registry-schema.js';
import { RegistryCorruptError } from '../../src/registry/registry-corrupt-error.js';
import { RegistryStore } from '../../src/registry/registry-store.js';
import { ResourceScope } from '../../src/scope/resource-scope.js';
import { tempDir } from './temp-dir.js';

const agent = { id: 'a1', type: 'investigator', status: 'running', tmux_session: 'agent_a1' };

/** Two registries as an orchestrator left them: another agent, unknown fields. */
function seed(globalText?: string) {
  const dir = tempDir();
  const taskPath = join(dir, 'AGENT_REGISTRY.json');
  const globalPath = join(dir, 'GLOBAL_REGISTRY.json');
  writeFileSync(
    taskPath,
    `${JSON.stringify({ task_id: 'T1', agents: [{ id: 'a0', type: 'fixer', status: 'running' }], active_count: 1, total_spawned: 1, extra: 'kept' }, null, 2)}\n`,
  );
  writeFileSync(
    globalPath,
    globalText ??
      JSON.stringify({ agents: { a1: { type: 'other', status: 'running' } }, active_agents: 1 }),
  );
  const tasks = new RegistryStore({
    path: taskPath,
    schema: AgentRegistrySchema,
    initial: emptyAgentRegistry,
  });
  const global = new RegistryStore({
    path: globalPath,
    schema: GlobalRegistrySchema,
    initial: emptyGlobalRegistry,
  });
  const snapshot = () => [readFileSync(taskPath, 'utf8'), readFileSync(globalPath, 'utf8')];
  return { tasks, global, snapshot };
}

async function deploy({ tasks, global }: ReturnType<typeof seed>): Promise<void> {
  await ResourceScope.run(async (scope) => {
    await scope.acquire(
      tasks.change({
        label: 'task registry: a1',
        apply: (registry) => registerAgent(registry, agent),
        revert: (registry) => unregisterAgent(registry, agent.id),
      }),
    );
    await scope.acquire(
      global.change({
        label: 'global registry: a1',
        apply: (registry) => registerGlobalAgent(registry, agent.id, agent),
        revert: (registry) => unregisterGlobalAgent(registry, agent.id),
      }),
    );
  });
}

describe('registry changes in a scope', () => {
  it('a deployment that fails on the global registry leaves both exactly as before', async () => {
    const registries = seed();
    const before = registries.snapshot();
    await expect(deploy(registries)).rejects.toBeInstanceOf(DuplicateAgentError);
    expect(registries.snapshot()).toEqual(before);
  });

  it('a corrupt global registry rolls the task registry back and stays untouched', async () => {
    const registries = seed('{"agents": {');
    const before = registries.snapshot();
    await expect(deploy(registries)).rejects.toBeInstanceOf(RegistryCorruptError);
    expect(registries.snapshot()).toEqual(before);
  });

  it('a committed deployment keeps both writes', async () => {
    const registries = seed(JSON.stringify({ agents: {}, active_agents: 0 }));
    await deploy(registries);
    expect((await registries.tasks.read()).agents.map((a) => a.id)).toEqual(['a0', 'a1']);
    expect(await registries.global.read()).toMatchObject({
      active_agents: 1,
      agents: { a1: agent },
    });
  });
});
