import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type DirectoryHandle, directory } from '../../src/index.js';
import type { ContractWorld } from '../../src/testing/index.js';
import { crashAfterAcquire, describeResourceKind } from './describe-resource-kind.js';
import { type FileWorld, fileWorld } from './file-world.js';

type DirectoryWorld = ContractWorld<DirectoryHandle> & FileWorld;

describeResourceKind<DirectoryHandle, DirectoryWorld>({
  name: 'directory',
  setup: async () => {
    const files = await fileWorld();
    let n = 0;
    return {
      ...files,
      // Missing parents too: release must remove every directory it made.
      resource: () => directory({ path: join(files.dir, `TASK-${++n}`, 'logs') }),
      failingResource: async () => directory({ path: join(files.blocker, 'logs') }),
      // Out-of-band removal of the outermost directory it created, as `rm -r` would.
      destroy: async (handle) => {
        const [outermost] = handle.created;
        if (outermost) await rm(outermost.path, { recursive: true });
      },
    };
  },
  crash: (world, journal) =>
    crashAfterAcquire('directory', journal, { path: join(world.dir, 'TASK-c', 'logs') }),
});
