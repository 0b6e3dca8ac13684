import { readFile } from 'node:fs/promises';
import {
  type AgentRegistry,
  AgentRegistrySchema,
  emptyAgentRegistry,
  RegistryStore,
  registerAgent,
  unregisterAgent,
  unregisterAgentOperation,
} from '../../src/index.js';
import { type ContractWorld, createAgentWorkspace } from '../../src/testing/index.js';
import { crashAfterAcquire, describeResourceKind } from './describe-resource-kind.js';

interface RegistryWorld extends ContractWorld<AgentRegistry> {
  readonly path: string;
}

/** Ids the contract's changes register; everything else in the registry is the workspace's. */
const isContractAgent = (id: string) => id.startsWith('contract-');

describeResourceKind<AgentRegistry, RegistryWorld>({
  name: 'registry change',
  setup: async () => {
    const workspace = await createAgentWorkspace({ tasks: 1, agentsPerTask: 2 });
    const path = workspace.tasks[0]?.registryPath as string;
    const seed = await readFile(path, 'utf8');
    const store = new RegistryStore({
      path,
      schema: AgentRegistrySchema,
      initial: () => emptyAgentRegistry(),
    });
    let n = 0;
    return {
      path,
      resource: () => {
        const id = `contract-${++n}`;
        const nonce = `n${n}`;
        return store.change({
          label: `register ${id}`,
          apply: (registry) =>
            registerAgent(registry, { id, type: 'coder', status: 'running', nonce }),
          undo: { operation: unregisterAgentOperation, args: { id, nonce } },
        });
      },
      failingResource: async () =>
        store.change({
          apply: () => {
            throw new Error('the updater failed');
          },
          revert: (registry) => registry,
        }),
      // Another writer removed the agents meanwhile.
      destroy: async (registry) => {
        const ids = registry.agents.map((a) => a.id).filter(isContractAgent);
        await store.update((current) => ids.reduce(unregisterAgent, current));
      },
      // Back to the seed byte for byte: no agent left, counters and unknown fields restored.
      leftovers: async () => {
        const now = await readFile(path, 'utf8');
        if (now === seed) return [];
        const registry = AgentRegistrySchema.parse(JSON.parse(now));
        const ids = registry.agents.map((a) => a.id).filter(isContractAgent);
        return ids.length > 0 ? ids.map((id) => `agent ${id}`) : [`registry changed: ${now}`];
      },
      [Symbol.asyncDispose]: () => workspace[Symbol.asyncDispose](),
    };
  },
  crash: (world, journal) =>
    crashAfterAcquire('registry-change', journal, {
      path: world.path,
      id: 'contract-c',
      nonce: 'c',
    }),
});
