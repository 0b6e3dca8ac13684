// Deploys one fake agent the way an orchestrator does — a logs directory, a prompt file, a
// detached tmux session running the agent (on a private tmux server), then the agent's entries in
// the task registry and in the global registry — inside one ResourceScope. `--fail=<where>` makes
// one step fail, and everything created before it is rolled back, newest first:
//
//   npx tsx examples/deploy-agent.ts                        # deploys, then tears the agent down
//   npx tsx examples/deploy-agent.ts --fail=session         # the agent CLI is not installed
//   npx tsx examples/deploy-agent.ts --fail=agent-exit      # the agent dies at once
//   npx tsx examples/deploy-agent.ts --fail=task-registry   # the task registry refuses the write
//   npx tsx examples/deploy-agent.ts --fail=global-registry # … the global registry does
//   npx tsx examples/deploy-agent.ts --fail=late            # any other exception
//
// The last line counts leftovers: labelled sessions, agent processes, prompt files, registry
// entries. Crash tests run it with --journal, --workspace, --tmux-socket and --kill-after=<step>
// or --kill-at-write=<n>, SIGKILL it there, then call recover().
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  directory,
  FileJournal,
  promptFile,
  ResourceScope,
  registerAgent,
  registerGlobalAgent,
  TmuxClient,
  tmuxSession,
  unregisterAgent,
  unregisterAgentOperation,
  unregisterGlobalAgent,
  unregisterGlobalAgentOperation,
} from '../src/index.js';
import { parseDeploymentOptions, type steps } from './support/deployment-options.js';
import { countLeftovers, total } from './support/leftovers.js';
import { openRegistries } from './support/registries.js';

const options = parseDeploymentOptions(process.argv.slice(2));
const workspace = options.workspace ?? (await mkdtemp(join(tmpdir(), 'leakproof-deploy-')));
const task = join(workspace, 'TASK-1');
const registries = await openRegistries(workspace);
const client = new TmuxClient({
  socketName: options.tmuxSocket ?? `leakproof-example-${process.pid}`,
});
const prompt = join(task, 'agent_prompt_a1.txt');
const stream = join(task, 'logs', 'a1_stream.jsonl');
const agentCli =
  options.fail === 'session'
    ? ['claude-code-not-installed', '--print']
    : [
        process.execPath,
        join(import.meta.dirname, 'fake-agent.mjs'),
        '--prompt',
        prompt,
        '--stream',
        stream,
      ];
const session = tmuxSession({
  name: 'agent_a1',
  command: options.fail === 'agent-exit' ? [...agentCli, '--crash'] : agentCli,
  cwd: task,
  env: { AGENT_ID: 'a1' },
  client,
  // Long enough for an agent CLI (here: node) to start and reject a bad configuration; an agent
  // that exits sooner ends the wait early.
  startupCheckMs: options.journal ? 300 : 1_500,
  killGraceMs: 1_000,
});
const { uuid } = session.intent as { uuid: string };
// Crash tests read this line to know which labels and markers must be gone.
console.log(`session uuid ${uuid}`);

let journalWrites = 0;
const journal = options.journal
  ? new FileJournal(options.journal, {
      onWrite: (record, phase) => {
        journalWrites++;
        // Crash tests map each kill point to the record it interrupts.
        console.log(`journal write ${journalWrites} ${record.t} ${phase}`);
        if (journalWrites === options.killAtWrite) process.kill(process.pid, 'SIGKILL');
      },
    })
  : undefined;

/** Logs a finished step; crash tests die right here when asked to. */
function stepDone(step: (typeof steps)[number]): void {
  console.log(`step ok: ${step}`);
  if (options.killAfter === step) process.kill(process.pid, 'SIGKILL');
}

/**
 * Passes `registry` through, or refuses the write as a real registry would: by throwing. Crash
 * tests die here instead, inside the update, with the registry's lock held.
 */
function refuseIf<T>(failure: 'task-registry' | 'global-registry', registry: T): T {
  if (options.killDuring === failure) process.kill(process.pid, 'SIGKILL');
  if (options.fail === failure) throw new Error(`${failure} rejected the write (simulated)`);
  return registry;
}

const agent = { id: 'a1', type: 'coder', status: 'running', nonce: uuid, prompt_file: prompt };
try {
  await using scope = new ResourceScope({
    name: 'deploy agent a1',
    ...(journal ? { journal } : {}),
  });
  try {
    await scope.acquire(directory({ path: join(task, 'logs') }));
    stepDone('logs');
    await scope.acquire(promptFile({ path: prompt, content: 'Fix the flaky test.\n' }));
    stepDone('prompt');
    const handle = await scope.acquire(session);
    console.log(`session ${handle.name} (${handle.sessionId}) runs pid ${handle.panePid}`);
    stepDone('session');
    const withSession = {
      ...agent,
      tmux_session: handle.name,
      session_id: handle.sessionId,
      pane_pid: handle.panePid,
    };
    await scope.acquire(
      registries.tasks.change({
        label: 'task registry: register a1',
        apply: (registry) => registerAgent(refuseIf('task-registry', registry), withSession),
        undo: { operation: unregisterAgentOperation, args: { id: 'a1', nonce: uuid } },
      }),
    );
    stepDone('task-registry');
    await scope.acquire(
      registries.global.change({
        label: 'global registry: register a1',
        apply: (registry) =>
          registerGlobalAgent(refuseIf('global-registry', registry), 'a1', {
            ...withSession,
            task_id: 'TASK-1',
          }),
        undo: { operation: unregisterGlobalAgentOperation, args: { id: 'a1', nonce: uuid } },
      }),
    );
    stepDone('global-registry');
    if (options.fail === 'late')
      throw new Error('the orchestrator failed after deploying (simulated)');
    await scope.commit();
    stepDone('commit');
    // A caller-owned workspace (crash tests) keeps the deployment; otherwise leave no trace.
    if (options.workspace === undefined) {
      console.log('deployed and committed; now removing it so the example leaves no trace');
      await registries.global.update((registry) => unregisterGlobalAgent(registry, 'a1'));
      await registries.tasks.update((registry) => unregisterAgent(registry, 'a1'));
      await handle[Symbol.asyncDispose]();
      await rm(prompt);
    }
  } catch (error) {
    const report = await scope.rollback(error);
    console.log(`rolled back because: ${report.reason}`);
    for (const entry of report.entries)
      console.log(`  ${entry.status}: ${entry.kind} ${entry.label}`);
  }
} finally {
  const leftovers = await countLeftovers(client, uuid, prompt, registries);
  if (options.workspace === undefined) {
    await client.killServer();
    await rm(client.socketFile, { force: true });
    await rm(workspace, { recursive: true, force: true });
  }
  if (journal) console.log(`journal writes ${journalWrites}`);
  console.log(`leftovers: ${total(leftovers)} ${JSON.stringify(leftovers)}`);
}
