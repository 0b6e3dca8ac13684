import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

describe('examples/quickstart.ts', () => {
  it('rolls everything back and reports zero leftovers', async () => {
    const { stdout } = await execa('npx', ['tsx', 'examples/quickstart.ts'], { timeout: 60_000 });
    expect(stdout).toContain('"status": "released"');
    expect(stdout).toContain('"reason": "Error: agent CLI not found: claude"');
    expect(stdout.trim().split('\n').at(-1)).toBe('leftovers in the workspace: 0');
  });
});
