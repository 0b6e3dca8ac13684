// A deployment-like scope: make a logs directory, write a prompt file, then a step fails.
// Everything the scope created is removed again, newest first, and the report says so.
//
//   npx tsx examples/quickstart.ts
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { directory, promptFile, ResourceScope } from '../src/index.js';

const workspace = await mkdtemp(join(tmpdir(), 'leakproof-quickstart-'));
const task = join(workspace, 'TASK-1');

async function startAgent(): Promise<never> {
  throw new Error('agent CLI not found: claude');
}

try {
  await using scope = new ResourceScope({ name: 'deploy agent a1' });
  await scope.acquire(directory({ path: join(task, 'logs') }));
  await scope.acquire(
    promptFile({ path: join(task, 'agent_prompt_a1.txt'), content: 'Fix the flaky test.\n' }),
  );
  console.log(
    'created:',
    scope.pending().map((resource) => resource.label),
  );
  try {
    await startAgent();
    await scope.commit();
  } catch (error) {
    // An explicit rollback returns the report; `await using` alone would roll back just the same.
    const report = await scope.rollback(error);
    console.log('rollback report:', JSON.stringify(report, null, 2));
  }
} finally {
  const leftovers = await readdir(workspace);
  console.log(`leftovers in the workspace: ${leftovers.length}`);
  await rm(workspace, { recursive: true, force: true });
}
