import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FileJournal,
  isLeakproofError,
  promptFile,
  ResourceScope,
  tmuxSession,
} from '../../src/index.js';
import { createAgentWorkspace, expectNoLeaks, LeaksFoundError } from '../../src/testing/index.js';
import { tempDir } from '../support/temp-dir.js';
import { tmuxSandbox } from '../support/tmux-sandbox.js';

describe('expectNoLeaks', () => {
  it('resolves when nothing is left', async () => {
    const sandbox = tmuxSandbox();
    const dir = await tempDir();
    const journal = new FileJournal(join(dir, 'journal'));
    await expectNoLeaks({
      tmux: sandbox,
      marker: [],
      paths: [join(dir, 'gone.txt')],
      journal,
      registries: [{ path: join(dir, 'missing.json'), ids: ['a1'] }],
    });
    await expectNoLeaks({});
  });

  it('rejects with one readable line per leak', async () => {
    const sandbox = tmuxSandbox();
    const dir = await tempDir();
    await using workspace = await createAgentWorkspace({ tasks: 1, agentsPerTask: 2 });
    const [a1, a2] = workspace.agents;
    const journal = new FileJournal(join(dir, 'journal'));
    const scope = new ResourceScope({ journal });
    const session = await scope.acquire(
      tmuxSession({ name: 'agent_a1', command: ['sleep', '60'], cwd: dir, client: sandbox.client }),
    );
    await scope.acquire(promptFile({ path: join(dir, 'prompt.txt'), content: 'x' }));
    await mkdir(join(dir, 'logs'));
    await writeFile(join(dir, 'absent-is-fine.txt'), '');
    const error = await expectNoLeaks({
      tmux: sandbox,
      marker: session.uuid,
      paths: [join(dir, 'prompt.txt'), join(dir, 'logs'), join(dir, 'never-made')],
      journal,
      registries: [
        { path: workspace.tasks[0]?.registryPath as string, ids: [a1?.id as string, 'other'] },
        { path: workspace.globalRegistryPath, ids: [a2?.id as string] },
      ],
    }).catch((e: unknown) => e);
    await scope.rollback();
    expect(error).toBeInstanceOf(LeaksFoundError);
    expect(isLeakproofError(error) && error.code).toBe('LEAKS_FOUND');
    const { leaks, message } = error as LeaksFoundError;
    expect(leaks.map((leak) => leak.kind)).toEqual([
      'tmux-session',
      'process',
      'path',
      'path',
      'journal',
      'registry-entry',
      'registry-entry',
    ]);
    const lines = message.split('\n');
    expect(lines[0]).toBe('Found 7 leaks:');
    expect(lines[1]).toBe(
      `  - tmux-session: agent_a1 (${session.sessionId}, @leakproof_id ${session.uuid})`,
    );
    expect(lines[2]).toMatch(
      new RegExp(`^  - process: pid ${session.panePid} .*LEAKPROOF_SESSION=${session.uuid}\\)$`),
    );
    expect(lines.slice(3, 5)).toEqual([
      `  - path: file ${join(dir, 'prompt.txt')}`,
      `  - path: directory ${join(dir, 'logs')}`,
    ]);
    expect(lines[6]).toContain(`agent ${a1?.id} in ${workspace.tasks[0]?.registryPath}`);
    expect(lines[7]).toContain(`agent ${a2?.id} in ${workspace.globalRegistryPath}`);
    await expectNoLeaks({ tmux: sandbox, marker: session.uuid, journal });
  });
});
