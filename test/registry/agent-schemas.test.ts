import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { InvalidOptionError } from '../../src/errors/invalid-option-error.js';
import { AgentNotFoundError, DuplicateAgentError } from '../../src/registry/agent-errors.js';
import {
  markAgentTerminal,
  registerAgent,
  unregisterAgent,
} from '../../src/registry/agent-registry-helpers.js';
import {
  type AgentRegistry,
  AgentRegistrySchema,
  emptyAgentRegistry,
} from '../../src/registry/agent-registry-schema.js';
import {
  markGlobalAgentTerminal,
  registerGlobalAgent,
  unregisterGlobalAgent,
} from '../../src/registry/global-registry-helpers.js';
import {
  emptyGlobalRegistry,
  type GlobalRegistry,
  GlobalRegistrySchema,
} from '../../src/registry/global-registry-schema.js';
import { RegistryStore } from '../../src/registry/registry-store.js';
import { tempDir } from './temp-dir.js';

const agent = (id: string, type = 'investigator') => ({
  id,
  type,
  status: 'running',
  tmux_session: `agent_${id}`,
  session_id: '$3',
  pane_pid: 4242,
  nonce: 'n-1',
  prompt_file: `/work/task/agent_prompt_${id}.txt`,
  started_at: '2026-01-21T15:30:02.114Z',
});

describe('agent registry schemas', () => {
  it('keep unknown fields at every level through an update', async () => {
    const dir = tempDir();
    const taskPath = join(dir, 'AGENT_REGISTRY.json');
    const globalPath = join(dir, 'GLOBAL_REGISTRY.json');
    writeFileSync(
      taskPath,
      JSON.stringify({
        max_agents: 45,
        agents: [{ id: 'old', type: 'fixer', status: 'completed', depth: 2, extra: { deep: [1] } }],
        active_count: 0,
        total_spawned: 1,
        notes: { owner: 'orchestrator' },
      }),
    );
    writeFileSync(
      globalPath,
      JSON.stringify({
        agents: { old: { type: 'fixer', status: 'completed', custom: true } },
        active_agents: 0,
        max_concurrent_agents: 20,
      }),
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
    await tasks.update((registry) => registerAgent(registry, agent('a1')));
    await global.update((registry) => registerGlobalAgent(registry, 'a1', agent('a1')));

    const task = JSON.parse(readFileSync(taskPath, 'utf8'));
    expect(task).toMatchObject({ max_agents: 45, notes: { owner: 'orchestrator' } });
    expect(task.agents[0]).toMatchObject({ depth: 2, extra: { deep: [1] } });
    expect(task).toMatchObject({ active_count: 1, total_spawned: 2 });
    const all = JSON.parse(readFileSync(globalPath, 'utf8'));
    expect(all).toMatchObject({ max_concurrent_agents: 20, active_agents: 1 });
    expect(all.agents.old).toEqual({ type: 'fixer', status: 'completed', custom: true });
    expect(all).not.toHaveProperty('total_agents_spawned');
  });

  it('infer the store value type from the schema', () => {
    const store = new RegistryStore({
      path: 'x.json',
      schema: AgentRegistrySchema,
      initial: emptyAgentRegistry,
    });
    expectTypeOf(store.read).returns.resolves.toEqualTypeOf<z.infer<typeof AgentRegistrySchema>>();
  });
});

describe('task registry helpers', () => {
  const base: AgentRegistry = emptyAgentRegistry('T1');

  it('register refuses a duplicate id, and a live duplicate type when asked', () => {
    const one = registerAgent(base, agent('a1'));
    expect(() => registerAgent(one, agent('a1'))).toThrow(DuplicateAgentError);
    expect(registerAgent(one, agent('a2')).active_count).toBe(2);
    const refuse = { refuseLiveDuplicateType: true };
    expect(() => registerAgent(one, agent('a2'), refuse)).toThrow(/same type is still live/);
    const ended = markAgentTerminal(one, 'a1', 'completed', '2026-01-21T16:00:00.000Z');
    expect(registerAgent(ended, agent('a2'), refuse).agents).toHaveLength(2);
  });

  it('markAgentTerminal keeps active_count consistent and is idempotent', () => {
    const two = registerAgent(registerAgent(base, agent('a1')), agent('a2', 'fixer'));
    const ended = markAgentTerminal(two, 'a1', 'killed', 'T');
    expect(ended.active_count).toBe(1);
    expect(ended.agents[0]).toMatchObject({ status: 'killed', ended_at: 'T' });
    expect(markAgentTerminal(ended, 'a1', 'failed')).toBe(ended);
    expect(() => markAgentTerminal(two, 'nope', 'killed')).toThrow(AgentNotFoundError);
    expect(() => markAgentTerminal(two, 'a1', 'running' as never)).toThrow(InvalidOptionError);
  });

  it('unregisterAgent is the exact, idempotent inverse of registerAgent', () => {
    expect(unregisterAgent(registerAgent(base, agent('a1')), 'a1')).toEqual(base);
    expect(unregisterAgent(base, 'a1')).toBe(base);
  });
});

describe('global registry helpers', () => {
  const base: GlobalRegistry = emptyGlobalRegistry();

  it('register, mark terminal and unregister keep active_agents consistent', () => {
    const one = registerGlobalAgent(base, 'a1', agent('a1'));
    expect(one).toMatchObject({ active_agents: 1, total_agents_spawned: 1 });
    expect(() => registerGlobalAgent(one, 'a1', agent('a1'))).toThrow(DuplicateAgentError);
    expect(() =>
      registerGlobalAgent(one, 'a2', agent('a2'), { refuseLiveDuplicateType: true }),
    ).toThrow(DuplicateAgentError);
    const ended = markGlobalAgentTerminal(one, 'a1', 'completed', 'T');
    expect(ended).toMatchObject({ active_agents: 0, agents: { a1: { status: 'completed' } } });
    expect(() => markGlobalAgentTerminal(one, 'zz', 'killed')).toThrow(AgentNotFoundError);
    expect(unregisterGlobalAgent(one, 'a1')).toEqual(base);
    expect(unregisterGlobalAgent(base, 'a1')).toBe(base);
  });
});
