import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { isAgentId } from '../agents/agent-ids.js';
import { registryPath } from '../agents/workspace-layout.js';
import { errorCode } from '../internal/fs-identity.js';
import { isTerminalStatus } from '../registry/agent-record.js';
import {
  type AgentRegistry,
  AgentRegistrySchema,
  emptyAgentRegistry,
} from '../registry/agent-registry-schema.js';
import { RegistryStore } from '../registry/registry-store.js';
import { serializeError } from '../scope/rollback-report.js';
import type { RegistryView, SnapshotAgent } from './reaper-snapshot.js';

interface CacheEntry {
  readonly key: string;
  readonly view: RegistryView;
}

/**
 * Reads task registries for the reaper, re-parsing a file only when its inode, size or mtime
 * changed since the last read. A file that cannot be read or validated is `unknown`.
 *
 * @example
 * ```ts
 * const cache = new RegistryCache('/work');
 * const view = await cache.read('TASK-1');
 * ```
 */
export class RegistryCache {
  readonly #root: string;
  readonly #entries = new Map<string, CacheEntry>();
  /** Parses done since construction, for the benchmark and tests. */
  parses = 0;

  constructor(root: string) {
    this.#root = root;
  }

  /** The view of task `task`'s registry. */
  async read(task: string): Promise<RegistryView> {
    const path = registryPath(this.#root, task);
    let stats: Stats | undefined;
    try {
      stats = await lstat(path);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return { task, state: 'missing', agents: [] };
      return { task, state: 'unknown', agents: [], error: serializeError(error) };
    }
    const key = `${stats.ino}/${stats.size}/${stats.mtimeMs}`;
    const cached = this.#entries.get(task);
    if (cached?.key === key) return cached.view;
    const view = await this.#parse(task, path, stats.mtimeMs);
    this.#entries.set(task, { key, view });
    return view;
  }

  /** Whether the file behind `view` changed since it was read (for an action's re-check). */
  async changedSince(view: RegistryView): Promise<boolean> {
    const fresh = await lstat(registryPath(this.#root, view.task)).catch(() => undefined);
    return fresh?.mtimeMs !== view.mtimeMs;
  }

  /** Drops tasks that no longer exist. */
  retain(tasks: readonly string[]): void {
    const keep = new Set(tasks);
    for (const task of this.#entries.keys()) if (!keep.has(task)) this.#entries.delete(task);
  }

  async #parse(task: string, path: string, mtimeMs: number): Promise<RegistryView> {
    this.parses++;
    const store = new RegistryStore({
      path,
      schema: AgentRegistrySchema,
      initial: emptyAgentRegistry,
    });
    try {
      const registry = await store.read();
      return { task, state: 'ok', mtimeMs, agents: agentsOf(task, registry) };
    } catch (error) {
      return { task, state: 'unknown', mtimeMs, agents: [], error: serializeError(error) };
    }
  }
}

function agentsOf(task: string, registry: AgentRegistry): SnapshotAgent[] {
  return registry.agents.map((agent) => {
    const ended = agent.ended_at === undefined ? Number.NaN : Date.parse(agent.ended_at);
    return {
      task,
      id: agent.id,
      validId: isAgentId(agent.id),
      status: agent.status,
      terminal: isTerminalStatus(agent.status),
      ...(agent.nonce === undefined ? {} : { nonce: agent.nonce }),
      ...(agent.tmux_session === undefined ? {} : { tmuxSession: agent.tmux_session }),
      ...(Number.isFinite(ended) ? { endedAtMs: ended } : {}),
    };
  });
}
