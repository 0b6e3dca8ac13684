import { readFile } from 'node:fs/promises';
import { errorCode, lstatOrUndefined } from '../internal/fs-identity.js';
import type { FileJournal } from '../journal/file-journal.js';
import { scanProcesses } from '../proc/process-table.js';
import type { TmuxClient } from '../tmux/tmux-client.js';
import { SESSION_MARKER_ENV } from '../tmux/tmux-labels.js';
import type { Leak } from './leaks-found-error.js';
import type { TmuxSandbox } from './tmux-sandbox.js';

/**
 * What {@link findLeaks} and {@link expectNoLeaks} look at; every part is optional.
 *
 * @example
 * ```ts
 * const where: LeakCheck = { tmux: sandbox, marker: handle.uuid, paths: [prompt], journal };
 * ```
 */
export interface LeakCheck {
  /** Leakproof-labelled sessions on this server (a sandbox or a client) are leaks. */
  readonly tmux?: TmuxSandbox | TmuxClient;
  /**
   * Live processes whose `LEAKPROOF_SESSION` marker is one of these uuids are leaks; `'any'`
   * counts every marked process on the machine (only safe when nothing else runs leakproof).
   */
  readonly marker?: string | readonly string[] | 'any';
  /** Paths that must not exist (checked with `lstat`: a dangling symlink counts). */
  readonly paths?: readonly string[];
  /** Journal files left in this journal are leaks. */
  readonly journal?: FileJournal;
  /** Agent ids that must not appear in these registries (task `agents[]` or global `agents{}`). */
  readonly registries?: readonly { readonly path: string; readonly ids: readonly string[] }[];
}

/**
 * Everything `check` finds left behind, without throwing: one tmux snapshot, one `/proc` scan,
 * one `lstat` per path, one read per registry.
 *
 * @example
 * ```ts
 * const leaks = await findLeaks({ tmux: sandbox, marker: 'any' });
 * if (leaks.length > 0) console.log(leaks.map((leak) => leak.description));
 * ```
 */
export async function findLeaks(check: LeakCheck): Promise<Leak[]> {
  const parts = await Promise.all([
    sessionLeaks(check.tmux),
    processLeaks(check.marker),
    pathLeaks(check.paths ?? []),
    journalLeaks(check.journal),
    registryLeaks(check.registries ?? []),
  ]);
  return parts.flat();
}

async function sessionLeaks(tmux: LeakCheck['tmux']): Promise<Leak[]> {
  if (tmux === undefined) return [];
  const client = 'client' in tmux ? tmux.client : tmux;
  const seen = new Set<string>();
  const leaks: Leak[] = [];
  for (const pane of (await client.snapshot()).panes) {
    if (pane.leakproofId === undefined || seen.has(pane.sessionId)) continue;
    seen.add(pane.sessionId);
    const description = `${pane.sessionName} (${pane.sessionId}, @leakproof_id ${pane.leakproofId})`;
    leaks.push({ kind: 'tmux-session', description });
  }
  return leaks;
}

async function processLeaks(marker: LeakCheck['marker']): Promise<Leak[]> {
  if (marker === undefined) return [];
  const wanted =
    marker === 'any' ? undefined : new Set(typeof marker === 'string' ? [marker] : marker);
  if (wanted?.size === 0) return [];
  const table = await scanProcesses({ markerName: SESSION_MARKER_ENV });
  return [...table.values()]
    .filter((p) => p.marker !== undefined && (wanted === undefined || wanted.has(p.marker)))
    .map((p) => ({
      kind: 'process',
      description: `pid ${p.pid} (ppid ${p.ppid}, ${SESSION_MARKER_ENV}=${p.marker})`,
    }));
}

async function pathLeaks(paths: readonly string[]): Promise<Leak[]> {
  const stats = await Promise.all(paths.map((path) => lstatOrUndefined(path)));
  return paths.flatMap((path, index) => {
    const stat = stats[index];
    if (stat === undefined) return [];
    const what = stat.isDirectory() ? 'directory' : stat.isSymbolicLink() ? 'symlink' : 'file';
    return [{ kind: 'path' as const, description: `${what} ${path}` }];
  });
}

async function journalLeaks(journal: FileJournal | undefined): Promise<Leak[]> {
  if (journal === undefined) return [];
  try {
    return (await journal.files()).map((file) => ({ kind: 'journal', description: file }));
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    throw error;
  }
}

async function registryLeaks(registries: NonNullable<LeakCheck['registries']>): Promise<Leak[]> {
  const found = await Promise.all(
    registries.map(async ({ path, ids }) => {
      const present = await agentIdsIn(path);
      return ids
        .filter((id) => present.has(id))
        .map((id) => ({ kind: 'registry-entry' as const, description: `agent ${id} in ${path}` }));
    }),
  );
  return found.flat();
}

/** Agent ids of a task registry (`agents: [{ id }]`) or a global one (`agents: { [id]: … }`). */
async function agentIdsIn(path: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return new Set();
    throw error;
  }
  const agents = (JSON.parse(text) as { agents?: unknown }).agents;
  if (Array.isArray(agents)) {
    return new Set(agents.map((agent: { id?: unknown }) => String(agent?.id)));
  }
  return new Set(typeof agents === 'object' && agents !== null ? Object.keys(agents) : []);
}
