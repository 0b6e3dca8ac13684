import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SNAPSHOT_FORMAT } from '../../src/tmux/tmux-snapshot.js';

/** A synthetic workspace: real registry and log files, and the tmux output that matches it. */
export interface SyntheticWorkspace {
  readonly agents: number;
  /** What `list-panes -a -F SNAPSHOT_FORMAT` would print for the live agents' sessions. */
  readonly listPanesOutput: string;
}

const FIELD_COUNT = SNAPSHOT_FORMAT.split('\x1f').length;

/**
 * Writes `tasks` task directories of `perTask` agents each under `root`: half running (a
 * registry record with a nonce, a stream log, and a matching active pane in the tmux output),
 * half completed and already cleaned (a record only).
 */
export async function writeSyntheticWorkspace(
  root: string,
  tasks: number,
  perTask: number,
): Promise<SyntheticWorkspace> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const lines: string[] = [];
  let session = 0;
  for (let t = 0; t < tasks; t++) {
    const task = `TASK-bench-${t}`;
    await mkdir(join(root, task, 'logs'), { recursive: true });
    const agents = [];
    for (let a = 0; a < perTask; a++) {
      const id = `agent-${t}-${a}`;
      const running = a % 2 === 0;
      const nonce = randomUUID();
      agents.push({
        id,
        type: 'worker',
        status: running ? 'running' : 'completed',
        nonce,
        tmux_session: `agent_${id}`,
      });
      if (!running) continue;
      await writeFile(join(root, task, 'logs', `${id}_stream.jsonl`), '{}\n');
      const fields = [
        '4242',
        `$${session}`,
        `agent_${id}`,
        String(nowSeconds),
        `@${session}`,
        String(nowSeconds),
        `%${session}`,
        String(100_000 + session),
        '0',
        '',
        nonce,
        'boot/1/1',
      ];
      if (fields.length !== FIELD_COUNT) throw new Error('snapshot format changed');
      lines.push(fields.join('\x1f'));
      session++;
    }
    const doc = {
      task_id: task,
      agents,
      active_count: Math.ceil(perTask / 2),
      total_spawned: perTask,
    };
    await writeFile(join(root, task, 'AGENT_REGISTRY.json'), JSON.stringify(doc));
  }
  return { agents: tasks * perTask, listPanesOutput: `${lines.join('\n')}\n` };
}
