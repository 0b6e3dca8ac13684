import { scanProcesses } from '../../src/proc/process-table.js';
import { withMarker } from '../../src/proc/process-tree.js';
import type { TmuxClient } from '../../src/tmux/tmux-client.js';

/** Sessions labelled `uuid` and live processes carrying its marker: both must be empty after a release. */
export async function leftoversOf(
  client: TmuxClient,
  uuid: string,
): Promise<{ sessions: string[]; pids: number[] }> {
  const [snapshot, table] = await Promise.all([
    client.snapshot(),
    scanProcesses({ markerName: 'LEAKPROOF_SESSION' }),
  ]);
  return {
    sessions: snapshot.panes.filter((p) => p.leakproofId === uuid).map((p) => p.sessionId),
    pids: withMarker(table, uuid).map((entry) => entry.pid),
  };
}
