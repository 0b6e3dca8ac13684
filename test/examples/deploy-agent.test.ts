import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const run = (...args: string[]) =>
  execa('npx', ['tsx', 'examples/deploy-agent.ts', ...args], { timeout: 60_000 });

describe('examples/deploy-agent.ts', () => {
  it('deploys, stops and leaves nothing', async () => {
    const { stdout } = await run();
    expect(stdout).toContain('first stream line: {');
    expect(stdout.trim().split('\n').at(-1)).toMatch(/^leftovers: 0 /);
  });

  it('rolls back a running session and everything before it', async () => {
    const { stdout } = await run('--fail-after=stream');
    expect(stdout).toContain('released: tmux-session agent_a1');
    expect(stdout).not.toContain('failed:');
    expect(stdout.trim().split('\n').at(-1)).toMatch(/^leftovers: 0 /);
  });

  it('reports an agent that dies at once, with its status and output', async () => {
    const { stdout } = await run('--fail-after=crash');
    expect(stdout).toContain('exited at once with status 3');
    expect(stdout).toContain('fake-agent: invalid API key');
    expect(stdout.trim().split('\n').at(-1)).toMatch(/^leftovers: 0 /);
  });
});
