import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const run = (...args: string[]) =>
  execa('npx', ['tsx', 'examples/deploy-agent.ts', ...args], { timeout: 60_000 });

const lastLine = (stdout: string) => stdout.trim().split('\n').at(-1);
const NOTHING_LEFT = /^leftovers: 0 /;

describe('examples/deploy-agent.ts', () => {
  it('deploys, registers, removes and leaves nothing', async () => {
    const { stdout } = await run();
    expect(stdout).toContain('step ok: global-registry');
    expect(stdout).toContain('step ok: commit');
    expect(lastLine(stdout)).toMatch(NOTHING_LEFT);
  });

  it('rolls back when the agent CLI is not installed', async () => {
    const { stdout } = await run('--fail=session');
    expect(stdout).toMatch(/exited at once with status \d+/);
    expect(stdout).toContain('released: file');
    expect(lastLine(stdout)).toMatch(NOTHING_LEFT);
  });

  it('reports an agent that dies at once, with its status and output', async () => {
    const { stdout } = await run('--fail=agent-exit');
    expect(stdout).toContain('exited at once with status 3');
    expect(stdout).toContain('fake-agent: invalid API key');
    expect(lastLine(stdout)).toMatch(NOTHING_LEFT);
  });

  it('rolls back the running session when the task registry refuses the write', async () => {
    const { stdout } = await run('--fail=task-registry');
    expect(stdout).toContain('released: tmux-session agent_a1');
    expect(stdout).not.toContain('released: registry-change');
    expect(lastLine(stdout)).toMatch(NOTHING_LEFT);
  });

  it('reverts the task registry when the global registry refuses the write', async () => {
    const { stdout } = await run('--fail=global-registry');
    expect(stdout).toContain('released: registry-change task registry: register a1');
    expect(lastLine(stdout)).toMatch(NOTHING_LEFT);
  });

  it('rolls back everything, newest first, on a late exception', async () => {
    const { stdout } = await run('--fail=late');
    const released = [...stdout.matchAll(/released: (\S+)/g)].map((match) => match[1]);
    expect(released).toEqual([
      'registry-change',
      'registry-change',
      'tmux-session',
      'file',
      'directory',
    ]);
    expect(stdout).not.toContain('failed:');
    expect(lastLine(stdout)).toMatch(NOTHING_LEFT);
  });
});
