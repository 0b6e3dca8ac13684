import { describe, expect, it } from 'vitest';
import { InvalidAgentPathError } from '../../src/agents/agent-path-errors.js';
import { agentPaths, registryPath } from '../../src/agents/workspace-layout.js';

const hostileIds = [
  'x/../../victim',
  '../victim',
  '..',
  '/etc/passwd',
  'a\0b',
  'a\nb',
  'agent_*',
  'a?',
  'a[1]',
  '-rf',
  '.hidden',
  'a b',
  '$(touch pwned)',
  'a;b',
  'x'.repeat(4096),
  '',
];

describe('agent layout', () => {
  it('builds every path of an agent from validated parts', () => {
    const paths = agentPaths('/work', 'TASK-1', 'investigator-1a2b');
    expect(paths.promptFile).toBe('/work/TASK-1/agent_prompt_investigator-1a2b.txt');
    expect(paths.registry).toBe('/work/TASK-1/AGENT_REGISTRY.json');
    expect(paths.archiveDir).toBe('/work/TASK-1/archive');
    expect(paths.logs.map((log) => `${log.dir}/${log.file}`)).toEqual([
      'logs/investigator-1a2b_stream.jsonl',
      'progress/investigator-1a2b_progress.jsonl',
      'findings/investigator-1a2b_findings.jsonl',
    ]);
  });

  it.each(hostileIds)('refuses the agent id %j', (id) => {
    expect(() => agentPaths('/work', 'TASK-1', id)).toThrow(InvalidAgentPathError);
  });

  it.each([
    'TASK-../x',
    'TASK-',
    'task-1',
    '../TASK-1',
    'TASK-1/..',
    'TASK-*',
    `TASK-${'x'.repeat(65)}`,
  ])('refuses the task directory %j', (task) => {
    expect(() => registryPath('/work', task)).toThrow(InvalidAgentPathError);
  });

  it('refuses a relative or unnormalised base', () => {
    expect(() => agentPaths('work', 'TASK-1', 'a1')).toThrow(/absolute/);
    expect(() => agentPaths('/work/../etc', 'TASK-1', 'a1')).toThrow(/normalised/);
  });

  it('reports the error with its code', () => {
    try {
      agentPaths('/work', 'TASK-1', 'x/../../victim');
    } catch (error) {
      expect((error as InvalidAgentPathError).code).toBe('INVALID_AGENT_PATH');
      expect((error as InvalidAgentPathError).part).toBe('agentId');
    }
  });
});
