import { parseArgs } from 'node:util';
import { defaultProcReader } from '../proc/proc-reader.js';
import { gate } from '../reaper/gate.js';
import { plan } from '../reaper/plan.js';
import { parseReaperConfig } from '../reaper/reaper-config.js';
import type { ReaperSnapshot } from '../reaper/reaper-snapshot.js';
import { RegistryCache } from '../reaper/registry-cache.js';
import { readReaperState } from '../reaper/state-dir.js';
import { takeSnapshot } from '../reaper/take-snapshot.js';
import { ExitCode } from './exit-codes.js';
import {
  reaperConfigFrom,
  reaperFlagHelp,
  reaperFlagOptions,
  tmuxClientFrom,
} from './reaper-flags.js';
import { UsageError } from './usage-error.js';

export const statusHelp = `Usage: leakproof status --root <dir> [--json] [flags]

Prints the agents of every registry, the tmux sessions (whose agent, unlabelled, or orphan) and
what a reap would do now. Reads only: takes no lock, writes nothing.

${reaperFlagHelp}

Exit status: 0 ok, 2 bad command line, 3 unexpected error (tmux hung, /proc unreadable).`;

/** `leakproof status`: one snapshot, planned and gated like a dry run, printed as tables. */
export async function statusCommand(
  args: string[],
  print: (text: string) => void,
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: reaperFlagOptions,
    strict: true,
    allowPositionals: false,
  });
  let config: ReturnType<typeof parseReaperConfig>;
  try {
    config = parseReaperConfig({ ...reaperConfigFrom(values), dryRun: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const snapshot = await takeSnapshot({
    root: config.root,
    client: tmuxClientFrom(values, config.commandTimeoutMs),
    procReader: defaultProcReader,
    cache: new RegistryCache(config.root),
    cleanAgents: new Set(),
    now: Date.now,
    inactiveAfterMs: config.inactiveAfterMs,
  });
  const { state } = await readReaperState(config.stateDir);
  const planned = plan(snapshot, state, config, snapshot.takenAtMs);
  const gated = gate(planned.candidates, snapshot, config, snapshot.takenAtMs);
  const owners = ownersOf(snapshot);
  const sessions = snapshot.sessions.map((s) => ({
    ...s,
    owner: s.label === undefined ? 'unlabelled' : (owners.get(s.label) ?? 'orphan'),
  }));
  if (values.json) {
    print(
      JSON.stringify({
        registries: snapshot.registries,
        sessions,
        actions: gated.actions,
        held: gated.held,
        notes: planned.notes,
      }),
    );
    return ExitCode.ok;
  }
  const now = snapshot.takenAtMs;
  print(
    table(
      ['TASK', 'AGENT', 'STATUS', 'SESSION', 'PROCS'],
      snapshot.registries.flatMap((view) =>
        view.state === 'unknown'
          ? [
              [
                view.task,
                '?',
                `registry unknown: ${view.error?.message ?? ''}`.slice(0, 60),
                '',
                '',
              ],
            ]
          : view.agents.map((a) => [
              a.task,
              a.id,
              a.status,
              a.tmuxSession ?? '',
              String(a.nonce ? (snapshot.markedProcesses[a.nonce] ?? 0) : ''),
            ]),
      ),
    ),
  );
  print('');
  print(
    table(
      ['SESSION', 'NAME', 'OWNER', 'IDLE'],
      sessions.map((s) => [
        s.sessionId,
        s.sessionName,
        s.owner,
        `${Math.round((now - s.activityMs) / 1000)}s`,
      ]),
    ),
  );
  print('');
  for (const action of gated.actions)
    print(`would ${action.kind} ${action.agentId ?? action.sessionId}: ${action.reason}`);
  for (const { action, reason } of gated.held)
    print(`held (${reason}) ${action.kind} ${action.agentId ?? action.sessionId}`);
  for (const note of planned.notes) print(`note: ${note}`);
  return ExitCode.ok;
}

function ownersOf(snapshot: ReaperSnapshot): Map<string, string> {
  const owners = new Map<string, string>();
  for (const view of snapshot.registries) {
    for (const agent of view.agents)
      if (agent.nonce) owners.set(agent.nonce, `${agent.task}/${agent.id}`);
  }
  return owners;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const render = (row: string[]): string =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [render(header), ...rows.map(render)].join('\n');
}
