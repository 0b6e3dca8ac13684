// The two registries an orchestrator keeps, seeded with one agent that is already running, so
// that "left exactly as before" is visible.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type AgentRegistry,
  AgentRegistrySchema,
  emptyAgentRegistry,
  emptyGlobalRegistry,
  type GlobalRegistry,
  GlobalRegistrySchema,
  RegistryStore,
} from '../../src/index.js';

export const seededTaskRegistry: AgentRegistry = {
  task_id: 'TASK-1',
  agents: [{ id: 'reviewer-0', type: 'reviewer', status: 'running', nonce: 'seed' }],
  active_count: 1,
  total_spawned: 1,
  created_by: 'orchestrator 2.4', // a field leakproof does not know: kept as is
};

export const seededGlobalRegistry: GlobalRegistry = {
  agents: {
    'reviewer-0': { task_id: 'TASK-1', type: 'reviewer', status: 'running', nonce: 'seed' },
  },
  active_agents: 1,
  total_agents_spawned: 1,
};

export interface Registries {
  readonly tasks: RegistryStore<AgentRegistry>;
  readonly global: RegistryStore<GlobalRegistry>;
}

/** Writes the seeded registries into `workspace` unless they are there already. */
export async function seedRegistries(
  workspace: string,
): Promise<{ taskPath: string; globalPath: string }> {
  const taskPath = join(workspace, 'TASK-1', 'AGENT_REGISTRY.json');
  const globalPath = join(workspace, 'GLOBAL_REGISTRY.json');
  await mkdir(join(workspace, 'TASK-1'), { recursive: true });
  if (!existsSync(taskPath)) await writeFile(taskPath, JSON.stringify(seededTaskRegistry, null, 2));
  if (!existsSync(globalPath))
    await writeFile(globalPath, JSON.stringify(seededGlobalRegistry, null, 2));
  return { taskPath, globalPath };
}

/** Opens (and, the first time, seeds) the task registry of TASK-1 and the global registry. */
export async function openRegistries(workspace: string): Promise<Registries> {
  const { taskPath, globalPath } = await seedRegistries(workspace);
  return {
    tasks: new RegistryStore({
      path: taskPath,
      schema: AgentRegistrySchema,
      initial: () => emptyAgentRegistry('TASK-1'),
    }),
    global: new RegistryStore({
      path: globalPath,
      schema: GlobalRegistrySchema,
      initial: emptyGlobalRegistry,
    }),
  };
}
