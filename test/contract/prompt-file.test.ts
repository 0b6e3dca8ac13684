import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type PromptFileHandle, promptFile } from '../../src/index.js';
import type { ContractWorld } from '../../src/testing/index.js';
import { crashAfterAcquire, describeResourceKind } from './describe-resource-kind.js';
import { type FileWorld, fileWorld } from './file-world.js';

type PromptFileWorld = ContractWorld<PromptFileHandle> & FileWorld;

describeResourceKind<PromptFileHandle, PromptFileWorld>({
  name: 'promptFile',
  setup: async () => {
    const files = await fileWorld();
    let n = 0;
    return {
      ...files,
      resource: () =>
        promptFile({ path: join(files.dir, `agent_prompt_a${++n}.txt`), content: 'go' }),
      // Never over an existing file: the failure must leave the blocker as it was.
      failingResource: async () => promptFile({ path: files.blocker, content: 'clobbered' }),
      destroy: (handle) => rm(handle.path),
      leftovers: async () => {
        const left = await files.leftovers();
        const blocker = await readFile(files.blocker, 'utf8');
        return blocker === 'blocker\n' ? left : [...left, 'blocker was overwritten'];
      },
    };
  },
  crash: (world, journal) =>
    crashAfterAcquire('prompt-file', journal, { path: join(world.dir, 'agent_prompt_c.txt') }),
});
