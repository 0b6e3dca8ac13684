// Registers an agent in a task registry and in the global registry inside one scope: when the
// second write fails, the first is reverted, and both files are exactly as before.
//
//   npx tsx examples/registry.ts
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  AgentRegistrySchema,
  defineRegistryOperation,
  emptyAgentRegistry,
  emptyGlobalRegistry,
  GlobalRegistrySchema,
  isLeakproofError,
  markAgentTerminal,
  RegistryStore,
  ResourceScope,
  registerAgent,
  registerGlobalAgent,
  type TaskAgent,
  unregisterAgent,
  unregisterGlobalAgent,
} from '../src/index.js';

/**
 * A named operation: any process holding the task registry's lock may apply it for another, so
 * many agents finishing at once share one write.
 */
const markTerminal = defineRegistryOperation({
  name: 'example-mark-terminal',
  schema: AgentRegistrySchema,
  args: z.object({ id: z.string(), status: z.enum(['completed', 'failed']) }),
  apply: (registry, { id, status }) => markAgentTerminal(registry, id, status),
});

const workspace = mkdtempSync(join(tmpdir(), 'leakproof-example-'));
const tasks = new RegistryStore({
  path: join(workspace, 'AGENT_REGISTRY.json'),
  schema: AgentRegistrySchema,
  initial: () => emptyAgentRegistry('TASK-1'),
  operations: [markTerminal],
});
const global = new RegistryStore({
  path: join(workspace, 'GLOBAL_REGISTRY.json'),
  schema: GlobalRegistrySchema,
  initial: emptyGlobalRegistry,
});

/** Both registry writes of one deployment, each with its compensation. */
async function register(agent: TaskAgent): Promise<void> {
  await using scope = new ResourceScope({ name: `deploy ${agent.id}` });
  await scope.acquire(
    tasks.change({
      label: `task registry: ${agent.id}`,
      apply: (registry) => registerAgent(registry, agent, { refuseLiveDuplicateType: true }),
      revert: (registry) => unregisterAgent(registry, agent.id),
    }),
  );
  await scope.acquire(
    global.change({
      label: `global registry: ${agent.id}`,
      apply: (registry) => registerGlobalAgent(registry, agent.id, { ...agent, task_id: 'TASK-1' }),
      revert: (registry) => unregisterGlobalAgent(registry, agent.id),
    }),
  );
  await scope.commit();
}

try {
  await register({ id: 'investigator-1', type: 'investigator', status: 'running' });
  console.log('registered investigator-1:', (await tasks.read()).active_count, 'active');

  // Another tool wrote "fixer-1" into the global registry only: the next deployment fails there.
  await global.update((registry) =>
    registerGlobalAgent(registry, 'fixer-1', { type: 'fixer', status: 'running' }),
  );
  const before = readFileSync(tasks.path, 'utf8');
  try {
    await register({ id: 'fixer-1', type: 'fixer', status: 'running' });
  } catch (error) {
    if (!isLeakproofError(error)) throw error;
    console.log(`deployment failed (${error.code}); task registry rolled back:`);
    console.log('  unchanged:', readFileSync(tasks.path, 'utf8') === before);
  }

  // Finishing agents: a run() that finds the lock busy is applied by whoever holds it.
  await tasks.run(markTerminal, { id: 'investigator-1', status: 'completed' });
  console.log('investigator-1 completed:', (await tasks.read()).active_count, 'active');
  await tasks.run(markTerminal, { id: 'nobody', status: 'failed' }).catch((error: unknown) => {
    if (isLeakproofError(error)) console.log(`unknown agent: ${error.code}`);
  });

  // A corrupt registry is an error, never an empty registry.
  writeFileSync(global.path, '{"agents": {');
  await global.read().catch((error: unknown) => {
    if (isLeakproofError(error)) console.log(`corrupt global registry: ${error.code}`);
  });
  console.log('quarantined to', await global.quarantine());
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
