import { join } from 'node:path';
import { defaultProcReader, type ProcReader } from '../proc/proc-reader.js';
import { TmuxClient } from '../tmux/tmux-client.js';
import { InstanceLock } from './instance-lock.js';
import { iterate } from './iterate.js';
import type { IterationReport } from './iteration-report.js';
import { type ReaperTotals, renderMetrics } from './metrics.js';
import { parseReaperConfig, type ReaperConfig, type ReaperConfigInput } from './reaper-config.js';
import { ReaperConfigError } from './reaper-errors.js';
import type { ReaperState } from './reaper-state.js';
import { RegistryCache } from './registry-cache.js';
import { ensureStateDir, readReaperState, STATE_FILES, writeStateFile } from './state-dir.js';

/**
 * Options of {@link Reaper}: the configuration plus injectable side effects.
 *
 * @example
 * ```ts
 * const options: ReaperOptions = { root: '/work', client: new TmuxClient({ socketName: 'agents' }) };
 * ```
 */
export type ReaperOptions = ReaperConfigInput & {
  /** The private tmux server of the agents. @defaultValue `new TmuxClient({ socketName: 'leakproof' })` */
  readonly client?: TmuxClient;
  /** Where `/proc` is read from. @defaultValue the real `/proc` */
  readonly procReader?: ProcReader;
  /** The clock. @defaultValue `Date.now` */
  readonly now?: () => number;
  /** Called after every iteration of {@link Reaper.run}. */
  readonly onIteration?: (report: IterationReport) => void;
};

/**
 * The cleanup daemon of one workspace base. Each iteration takes one snapshot (registries, one
 * tmux call, one /proc scan), plans with the pure {@link plan}, applies the {@link gate}, acts
 * (unless `dryRun`) and records state, heartbeat and Prometheus metrics atomically in `stateDir`.
 * One instance per base (an `O_EXCL` lock that a dead holder does not keep).
 *
 * @example
 * ```ts
 * const reaper = new Reaper({ root: '/work', client: new TmuxClient({ socketName: 'agents' }) });
 * const report = await reaper.reapOnce(); // cron
 * const controller = new AbortController();
 * await reaper.run({ signal: controller.signal }); // daemon; abort to stop after the current step
 * ```
 */
export class Reaper {
  #config: ReaperConfig;
  readonly #client: TmuxClient;
  readonly #procReader: ProcReader;
  readonly #now: () => number;
  readonly #onIteration: ((report: IterationReport) => void) | undefined;
  readonly #cache: RegistryCache;
  readonly #cleanAgents = new Set<string>();
  readonly #totals: ReaperTotals = { iterations: 0, failures: 0, actions: {} };
  #state: ReaperState | undefined;
  #lock: InstanceLock | undefined;

  /** @throws {@link ReaperConfigError} for an invalid configuration. */
  constructor(options: ReaperOptions) {
    const { client, procReader, now, onIteration, ...config } = options;
    this.#config = parseReaperConfig(config);
    this.#client = client ?? new TmuxClient({ timeoutMs: this.#config.commandTimeoutMs });
    this.#procReader = procReader ?? defaultProcReader;
    this.#now = now ?? Date.now;
    this.#onIteration = onIteration;
    this.#cache = new RegistryCache(this.#config.root);
  }

  /** The configuration in force. */
  get config(): ReaperConfig {
    return this.#config;
  }

  /**
   * Replaces the configuration (SIGHUP). `root` and `stateDir` cannot change.
   *
   * @throws {@link ReaperConfigError}.
   */
  reload(input: ReaperConfigInput): void {
    const next = parseReaperConfig(input);
    if (next.root !== this.#config.root || next.stateDir !== this.#config.stateDir) {
      throw new ReaperConfigError('root and stateDir cannot change on reload', undefined);
    }
    this.#config = next;
  }

  /**
   * Runs one iteration. Outside {@link Reaper.run} it takes and releases the instance lock
   * (except in a dry run, which writes nothing at all).
   *
   * @throws {@link ReaperLockedError} when another live reaper holds the lock; {@link ReaperIoError}.
   */
  async reapOnce(): Promise<IterationReport> {
    if (this.#lock || this.#config.dryRun) return this.#iterate();
    const lock = await this.#takeLock();
    try {
      return await this.#iterate();
    } finally {
      await lock.release();
    }
  }

  /**
   * Iterates every `intervalMs` until `signal` aborts; the step in progress finishes first and the
   * state is flushed before it resolves.
   *
   * @throws {@link ReaperLockedError}; {@link ReaperIoError}.
   */
  async run({ signal }: { readonly signal: AbortSignal }): Promise<void> {
    this.#lock = this.#config.dryRun ? undefined : await this.#takeLock();
    try {
      while (!signal.aborted) {
        const report = await this.#iterate();
        this.#onIteration?.(report);
        await sleep(this.#config.intervalMs, signal);
      }
    } finally {
      await this.#lock?.release();
      this.#lock = undefined;
    }
  }

  async #takeLock(): Promise<InstanceLock> {
    await ensureStateDir(this.#config.stateDir);
    return InstanceLock.acquire(join(this.#config.stateDir, STATE_FILES.lock), this.#procReader);
  }

  async #iterate(): Promise<IterationReport> {
    const notes: string[] = [];
    if (this.#state === undefined) {
      const loaded = await readReaperState(this.#config.stateDir);
      if (loaded.note) notes.push(loaded.note);
      this.#state = loaded.state;
    }
    const { report, state } = await iterate({
      config: this.#config,
      client: this.#client,
      procReader: this.#procReader,
      cache: this.#cache,
      cleanAgents: this.#cleanAgents,
      now: this.#now,
      state: this.#state,
      iteration: this.#totals.iterations + 1,
    });
    this.#state = state;
    this.#totals.iterations++;
    if (!report.ok && report.error) this.#totals.failures++;
    for (const { action, status } of report.results) {
      const key = `${action.kind}/${status}`;
      this.#totals.actions[key] = (this.#totals.actions[key] ?? 0) + 1;
    }
    const full = notes.length ? { ...report, notes: [...notes, ...report.notes] } : report;
    if (this.#config.dryRun) return full;
    try {
      await this.#record(full, report.error === undefined);
      return full;
    } catch (error) {
      // A daemon survives a full disk: the next iteration tries again.
      return {
        ...full,
        ok: false,
        notes: [...full.notes, `recording failed: ${(error as Error).message}`],
      };
    }
  }

  async #record(report: IterationReport, stateValid: boolean): Promise<void> {
    const dir = this.#config.stateDir;
    await ensureStateDir(dir);
    if (stateValid) await writeStateFile(dir, STATE_FILES.state, JSON.stringify(this.#state));
    const heartbeat = {
      pid: process.pid,
      iteration: report.iteration,
      at: report.finishedAtMs,
      ok: report.ok,
    };
    await writeStateFile(dir, STATE_FILES.heartbeat, `${JSON.stringify(heartbeat)}\n`);
    await writeStateFile(dir, STATE_FILES.metrics, renderMetrics(report, this.#totals));
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
