import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TaskAgent } from '../../src/registry/agent-registry-schema.js';
import { tmuxSession } from '../../src/resources/tmux-session.js';
import type { TmuxSessionHandle } from '../../src/resources/tmux-session-handle.js';
import type { TmuxClient } from '../../src/tmux/tmux-client.js';

/** Writes `<base>/<task>/AGENT_REGISTRY.json` with these agents. */
export async function writeRegistry(
  base: string,
  task: string,
  agents: readonly Record<string, unknown>[],
): Promise<string> {
  await mkdir(join(base, task), { recursive: true });
  const active = agents.filter(
    (a) => !['completed', 'killed', 'terminated'].includes(String(a.status)),
  );
  const path = join(base, task, 'AGENT_REGISTRY.json');
  const doc = { task_id: task, agents, active_count: active.length, total_spawned: agents.length };
  await writeFile(path, JSON.stringify(doc));
  return path;
}

/** Creates an agent's prompt file and its three logs in the orchestrator layout. */
export async function writeAgentFiles(base: string, task: string, id: string): Promise<void> {
  const dir = join(base, task);
  for (const sub of ['logs', 'progress', 'findings'])
    await mkdir(join(dir, sub), { recursive: true });
  await writeFile(join(dir, `agent_prompt_${id}.txt`), `prompt of ${id}`);
  await writeFile(join(dir, 'logs', `${id}_stream.jsonl`), `{"stream":"${id}"}\n`);
  await writeFile(join(dir, 'progress', `${id}_progress.jsonl`), `{"progress":"${id}"}\n`);
  await writeFile(join(dir, 'findings', `${id}_findings.jsonl`), `{"finding":"${id}"}\n`);
}

/** Starts a real labelled session running `sleep` and returns the registry record for it. */
export async function startAgent(
  client: TmuxClient,
  id: string,
  status = 'running',
  cwd = '/tmp',
): Promise<{ handle: TmuxSessionHandle; record: TaskAgent }> {
  const resource = tmuxSession({
    name: `agent_${id}`,
    command: ['sleep', '1000'],
    cwd,
    client,
    startupCheckMs: 20,
    killGraceMs: 200,
  });
  const handle = await resource.acquire({
    signal: new AbortController().signal,
    intend: async () => undefined,
  });
  const record: TaskAgent = {
    id,
    type: 'investigator',
    status,
    tmux_session: handle.name,
    session_id: handle.sessionId,
    pane_pid: handle.panePid,
    nonce: handle.uuid,
  };
  return { handle, record };
}

/** A hash of a whole tree: names, types, modes, sizes, mtimes, contents and link targets. */
export async function hashTree(root: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (dir: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      const path = join(dir, name);
      const stats = await lstat(path);
      hash.update(`${path}\0${stats.mode}\0${stats.size}\0${stats.mtimeMs}\0`);
      if (stats.isSymbolicLink()) hash.update(await readlink(path));
      else if (stats.isFile()) hash.update(await readFile(path));
      else if (stats.isDirectory()) await walk(path);
    }
  };
  await walk(root);
  return hash.digest('hex');
}

/** A victim tree outside the workspace: files a buggy cleanup would delete, move or follow into. */
export async function makeVictim(dir: string): Promise<string> {
  await mkdir(join(dir, 'logs'), { recursive: true });
  await writeFile(join(dir, 'precious.txt'), 'do not touch');
  await writeFile(join(dir, 'logs', 'a1_stream.jsonl'), 'victim log');
  await writeFile(join(dir, 'agent_prompt_a1.txt'), 'victim prompt');
  // A registry that would doom these files if a symlinked task directory were ever followed.
  const registry = {
    agents: [{ id: 'a1', type: 't', status: 'completed' }],
    active_count: 0,
    total_spawned: 1,
  };
  await writeFile(join(dir, 'AGENT_REGISTRY.json'), JSON.stringify(registry));
  return hashTree(dir);
}

/** Relabels a session's `@leakproof_owner` with a process that no longer exists (a crashed orchestrator). */
export async function abandon(client: TmuxClient, handle: TmuxSessionHandle): Promise<void> {
  await client.run([['set-option', '-t', handle.sessionId, '@leakproof_owner', 'gone/4194311/1']]);
}
