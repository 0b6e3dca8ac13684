// A finished agent whose session and processes live on, a prompt file left behind, logs never
// archived, and the user's own unlabelled `agent_*` session next to it: one dry run prints the
// plan, one real iteration carries it out, and the last line counts what is left of the agent.
//
//   npx tsx examples/reaper.ts
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Reaper, TmuxClient, tmuxSession } from '../src/index.js';

const root = await mkdtemp(join(tmpdir(), 'leakproof-reaper-example-'));
const client = new TmuxClient({ socketName: `leakproof-example-${process.pid}` });
try {
  const task = join(root, 'TASK-1');
  await mkdir(join(task, 'logs'), { recursive: true });
  await writeFile(join(task, 'agent_prompt_a1.txt'), 'Investigate the flaky test.');
  await writeFile(join(task, 'logs', 'a1_stream.jsonl'), '{"event":"done"}\n');
  // The agent as its orchestrator started it, then forgot: committed, never released.
  const agent = await tmuxSession({
    name: 'agent_a1',
    command: ['sleep', '600'],
    cwd: task,
    client,
    startupCheckMs: 50,
  }).acquire({ signal: new AbortController().signal, intend: async () => undefined });
  await client.run([['new-session', '-d', '-s', 'agent_mine', '--', 'sleep', '600']]);
  const record = {
    id: 'a1',
    type: 'investigator',
    status: 'completed',
    ended_at: new Date(Date.now() - 3_600_000).toISOString(),
    tmux_session: agent.name,
    session_id: agent.sessionId,
    nonce: agent.uuid,
  };
  const registry = { task_id: 'TASK-1', agents: [record], active_count: 0, total_spawned: 1 };
  await writeFile(join(task, 'AGENT_REGISTRY.json'), JSON.stringify(registry));

  const dry = await new Reaper({ root, client, dryRun: true }).reapOnce();
  console.log(
    'dry run would:',
    dry.actions.map((a) => `${a.kind} ${a.task}/${a.agentId}`),
  );
  const real = await new Reaper({ root, client, killGraceMs: 500 }).reapOnce();
  for (const result of real.results) {
    console.log(
      result.status,
      result.teardown?.steps.map((s) => `${s.step}:${s.status}`),
    );
  }
  const sessions = (await client.snapshot()).panes.map((pane) => pane.sessionName);
  console.log('sessions left:', sessions, '· archive:', await readdir(join(task, 'archive')));
  console.log(`leftovers of agent a1: ${sessions.includes('agent_a1') ? 1 : 0}`);
} finally {
  await client.killServer();
  await rm(client.socketFile, { force: true });
  await rm(root, { recursive: true, force: true });
}
