// Deploys one fake agent the way an orchestrator does: a logs directory, a prompt file, then a
// detached tmux session running the agent, on a private tmux server. `--fail-after=<step>` makes
// the deployment fail right after that step, and everything created so far is rolled back.
//
//   npx tsx examples/deploy-agent.ts                      # deploys, then tears the agent down
//   npx tsx examples/deploy-agent.ts --fail-after=prompt  # logs, prompt: rolled back
//   npx tsx examples/deploy-agent.ts --fail-after=session # … and the running session too
//   npx tsx examples/deploy-agent.ts --fail-after=crash   # the agent itself dies at once
//
// Steps: logs, prompt, crash (the agent is started with --crash), session, stream.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { directory, promptFile, ResourceScope, TmuxClient, tmuxSession } from '../src/index.js';
// Not public API: used here only to prove that no agent process is left.
import { scanProcesses } from '../src/proc/process-table.js';

const steps = ['logs', 'prompt', 'crash', 'session', 'stream'] as const;
const { values } = parseArgs({ options: { 'fail-after': { type: 'string' } } });
const failAfter = values['fail-after'];
if (failAfter !== undefined && !(steps as readonly string[]).includes(failAfter)) {
  console.error(`--fail-after must be one of ${steps.join(', ')}`);
  process.exit(2);
}

const workspace = await mkdtemp(join(tmpdir(), 'leakproof-deploy-'));
const task = join(workspace, 'TASK-1');
const logs = join(task, 'logs');
const stream = join(logs, 'agent_a1.stream.jsonl');
const client = new TmuxClient({ socketName: `leakproof-example-${process.pid}` });
const prompt = join(task, 'agent_prompt_a1.txt');
const crash = failAfter === 'crash' ? ['--crash'] : [];
const session = tmuxSession({
  name: 'agent_a1',
  command: [
    process.execPath,
    join(import.meta.dirname, 'fake-agent.mjs'),
    ...['--prompt', prompt, '--stream', stream, ...crash],
  ],
  cwd: task,
  env: { AGENT_ID: 'a1' },
  client,
  // Long enough for an agent CLI (here: node) to start and reject a bad configuration; an agent
  // that exits sooner ends the wait early.
  startupCheckMs: 1_500,
  killGraceMs: 1_000,
});
const { uuid } = session.intent as { uuid: string };

/** Throws when the deployment was asked to fail after `step`. */
function checkpoint(step: (typeof steps)[number]): void {
  console.log(`step ok: ${step}`);
  if (failAfter === step) throw new Error(`simulated failure after step "${step}"`);
}

async function waitForStream(): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const text = await readFile(stream, 'utf8').catch(() => '');
    if (text.includes('"type":"start"')) return text.trim().split('\n')[0] ?? '';
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the agent wrote nothing to its stream log');
}

try {
  await using scope = new ResourceScope({ name: 'deploy agent a1' });
  try {
    await scope.acquire(directory({ path: logs }));
    // The agent's stream log lands in logs/: a rollback removes it before the directory.
    scope.defer(() => rm(stream, { force: true }), 'stream log');
    checkpoint('logs');
    await scope.acquire(promptFile({ path: prompt, content: 'Fix the flaky test.\n' }));
    checkpoint('prompt');
    const agent = await scope.acquire(session);
    checkpoint('crash');
    console.log(`session ${agent.name} (${agent.sessionId}) runs pid ${agent.panePid}`);
    checkpoint('session');
    console.log(`first stream line: ${await waitForStream()}`);
    checkpoint('stream');
    await scope.commit();
    console.log('deployed and committed; now stopping it as an orchestrator would');
    await agent[Symbol.asyncDispose]();
    await rm(task, { recursive: true });
  } catch (error) {
    const report = await scope.rollback(error);
    console.log(`rolled back because: ${report.reason}`);
    for (const entry of report.entries) {
      console.log(`  ${entry.status}: ${entry.kind} ${entry.label}`);
    }
  }
} finally {
  const sessions = (await client.snapshot()).panes.length;
  const table = await scanProcesses({ markerName: 'LEAKPROOF_SESSION' });
  const processes = [...table.values()].filter((entry) => entry.marker === uuid).length;
  const files = (await readdir(workspace)).length;
  await client.killServer();
  await rm(client.socketFile, { force: true });
  await rm(workspace, { recursive: true, force: true });
  console.log(
    `leftovers: ${sessions + processes + files} (${sessions} sessions, ${processes} agent processes, ${files} files)`,
  );
}
