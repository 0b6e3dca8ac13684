import { access, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AgentRegistrySchema,
  emptyAgentRegistry,
  GlobalRegistrySchema,
  RegistryStore,
  registerAgent,
} from '../../src/index.js';
import { createAgentWorkspace } from '../../src/testing/index.js';

describe('createAgentWorkspace', () => {
  it('lays out tasks, agents and registries as an orchestrator does', async () => {
    await using workspace = await createAgentWorkspace({ tasks: 2, agentsPerTask: 2 });
    const files = (await readdir(workspace.base, { recursive: true })).map(String).sort();
    expect(files.filter((f) => f.startsWith('TASK-1'))).toEqual([
      'TASK-1',
      'TASK-1/AGENT_REGISTRY.json',
      'TASK-1/agent_prompt_task-1-a1.txt',
      'TASK-1/agent_prompt_task-1-a2.txt',
      'TASK-1/archive',
      'TASK-1/findings',
      'TASK-1/findings/task-1-a1_findings.jsonl',
      'TASK-1/findings/task-1-a2_findings.jsonl',
      'TASK-1/logs',
      'TASK-1/logs/task-1-a1_stream.jsonl',
      'TASK-1/logs/task-1-a2_stream.jsonl',
      'TASK-1/progress',
      'TASK-1/progress/task-1-a1_progress.jsonl',
      'TASK-1/progress/task-1-a2_progress.jsonl',
    ]);
    expect(files).toContain('GLOBAL_REGISTRY.json');
    expect(workspace.agents.map((a) => a.id)).toEqual([
      'task-1-a1',
      'task-1-a2',
      'task-2-a1',
      'task-2-a2',
    ]);
    const [agent] = workspace.agents;
    expect(relative(workspace.base, agent?.logPath as string)).toBe(
      'TASK-1/logs/task-1-a1_stream.jsonl',
    );
    const task = JSON.parse(
      await readFile(join(workspace.base, 'TASK-2/AGENT_REGISTRY.json'), 'utf8'),
    );
    expect(AgentRegistrySchema.parse(task)).toMatchObject({
      task_id: 'TASK-2',
      active_count: 2,
      total_spawned: 2,
      orchestrator_version: '2.4',
    });
    expect(task.agents[0]).toMatchObject({
      id: 'task-2-a1',
      status: 'running',
      tmux_session: 'agent_task-2-a1',
      model: 'sonnet',
    });
    const global = GlobalRegistrySchema.parse(
      JSON.parse(await readFile(workspace.globalRegistryPath, 'utf8')),
    );
    expect(Object.keys(global.agents)).toHaveLength(4);
    expect(global.agents['task-2-a2']).toMatchObject({ task_id: 'TASK-2', status: 'running' });
  });

  it('works with RegistryStore, which keeps its unknown fields, and is removed on disposal', async () => {
    let base = '';
    {
      await using workspace = await createAgentWorkspace({ status: 'completed' });
      base = workspace.base;
      const [task] = workspace.tasks;
      const store = new RegistryStore({
        path: task?.registryPath as string,
        schema: AgentRegistrySchema,
        initial: () => emptyAgentRegistry(),
      });
      const after = await store.update((r) =>
        registerAgent(r, { id: 'new', type: 'coder', status: 'running' }),
      );
      expect(after).toMatchObject({ active_count: 1, total_spawned: 2, max_agents: 8 });
      expect(after.agents[0]).toMatchObject({ status: 'completed', parent: 'orchestrator' });
    }
    await expect(access(base)).rejects.toThrow(/ENOENT/);
  });

  it('rejects a bad count', async () => {
    await expect(createAgentWorkspace({ tasks: -1 })).rejects.toThrow(/tasks/);
  });
});
