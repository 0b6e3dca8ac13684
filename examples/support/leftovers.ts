// Counts what a deployment left behind — what "leakproof" promises is zero after a rollback.
import { existsSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { TmuxClient } from '../../src/index.js';
// Not public API: used here only to prove that no agent process is left.
import { scanProcesses } from '../../src/proc/process-table.js';
import { type Registries, seededGlobalRegistry, seededTaskRegistry } from './registries.js';

export interface Leftovers {
  readonly sessions: number;
  readonly processes: number;
  readonly promptFiles: number;
  readonly registryChanges: number;
}

/** Labelled sessions, marker processes, the prompt file, and registries differing from the seed. */
export async function countLeftovers(
  client: TmuxClient,
  uuid: string,
  promptPath: string,
  registries: Registries,
): Promise<Leftovers> {
  const sessions = (await client.snapshot()).panes.filter(
    (pane) => pane.leakproofId === uuid,
  ).length;
  const table = await scanProcesses({ markerName: 'LEAKPROOF_SESSION' });
  const processes = [...table.values()].filter((entry) => entry.marker === uuid).length;
  const tasks = await registries.tasks.read();
  const global = await registries.global.read();
  const registryChanges =
    Number(!isDeepStrictEqual(tasks, seededTaskRegistry)) +
    Number(!isDeepStrictEqual(global, seededGlobalRegistry));
  return { sessions, processes, promptFiles: Number(existsSync(promptPath)), registryChanges };
}

export function total(leftovers: Leftovers): number {
  return (
    leftovers.sessions + leftovers.processes + leftovers.promptFiles + leftovers.registryChanges
  );
}
