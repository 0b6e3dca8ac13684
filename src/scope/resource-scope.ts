import { expectFunction, expectNonEmptyString } from '../internal/expect.js';
import { beginScopeJournal } from '../journal/file-journal.js';
import type { ScopeJournal } from '../journal/scope-journal.js';
import { disposerOf } from './disposer-of.js';
import { drainStack, releaseLate } from './drain.js';
import { journalSeqsOf, warnJournal } from './journal-support.js';
import { LazyAbort } from './lazy-abort.js';
import { trackClosed, trackOpen } from './open-scopes.js';
import type { ReleaseEntry } from './release-entry.js';
import { type ChildSlot, type PendingRelease, ReleaseStack } from './release-stack.js';
import type { ReleaseReason, Resource } from './resource.js';
import { buildReport, type RollbackReport } from './rollback-report.js';
import { type Acquired, runAcquire } from './run-acquire.js';
import { runInScope } from './run-in-scope.js';
import { RollbackError, ScopeClosedError } from './scope-errors.js';
import { emitScopeEvent } from './scope-events.js';
import {
  assertResource,
  inheritedOptions,
  type ParsedScopeOptions,
  parseScopeOptions,
  type ResourceScopeOptions,
  type ScopeState,
} from './scope-options.js';
import { settleWithin } from './settle-within.js';

/**
 * A transaction over resources: everything acquired is released in reverse order unless the scope
 * is committed. Rollback attempts every release, bounds each by `releaseTimeoutMs`, and returns a
 * JSON report instead of throwing; `await using` disposal throws a {@link RollbackError} only when
 * a release failed.
 *
 * @example
 * ```ts
 * await using scope = new ResourceScope({ name: 'deploy a1' });
 * await scope.acquire(directory({ path: logsDir }));
 * await scope.acquire(promptFile({ path: promptPath, content: prompt }));
 * await startAgent(); // throws? both are removed, newest first
 * await scope.commit(); // keeps both
 * ```
 */
export class ResourceScope implements AsyncDisposable {
  /** The scope's name, as given or derived from its parent's. */
  readonly name: string;
  #state: ScopeState = 'open';
  #stack = new ReleaseStack();
  #closing: Promise<RollbackReport> | undefined;
  /** This scope's place in its parent's stack, when it is a child. */
  #slot: ChildSlot | undefined;
  readonly #options: ParsedScopeOptions;
  /** The journal file of this scope's tree; children and moved scopes share it. */
  #journal: ScopeJournal | undefined;
  readonly #acquireAbort = new LazyAbort();
  readonly #inflight = new Set<Promise<unknown>>();
  readonly #onSignalAbort = (): void => void this.rollback(this.#options.signal?.reason);

  /** @throws {@link InvalidOptionError} when an option has the wrong type. */
  constructor(options?: ResourceScopeOptions) {
    this.#options = parseScopeOptions(options);
    this.name = this.#options.name;
    const journal = this.#options.journal;
    this.#journal = journal ? beginScopeJournal(journal, this.name) : undefined;
    trackOpen(this);
    const signal = this.#options.signal;
    if (signal?.aborted) queueMicrotask(this.#onSignalAbort);
    else signal?.addEventListener('abort', this.#onSignalAbort, { once: true });
  }

  /** Where the scope is in its lifecycle, e.g. `if (scope.state === 'open') …`. */
  get state(): ScopeState {
    return this.#state;
  }

  /** What a rollback would release now, newest first: `scope.pending().map((p) => p.label)`. */
  pending(): PendingRelease[] {
    return this.#stack.pending();
  }

  /**
   * Acquires `resource` and registers its release in one step. If `acquire` throws, nothing is
   * registered and the error propagates.
   *
   * @returns The handle the resource's `acquire` returned.
   * @throws {@link ScopeClosedError} when the scope is not open (nothing is acquired), or when it
   * closed while `acquire` ran (what was acquired is released first).
   * @example `const { path } = await scope.acquire(promptFile({ path: p, content }));`
   */
  async acquire<T>(resource: Resource<T>): Promise<T> {
    assertResource(resource);
    this.#assertOpen('acquire');
    const { releaseTimeoutMs, onEvent } = this.#options;
    const running = runAcquire(resource, this.#acquireAbort, this.#journal, releaseTimeoutMs);
    this.#inflight.add(running);
    let acquired: Acquired<T>;
    try {
      acquired = await running;
    } finally {
      this.#inflight.delete(running);
    }
    const { value, entry } = acquired;
    if (this.#state === 'open') {
      this.#stack.push(entry);
      emitScopeEvent(onEvent, {
        type: 'acquire',
        scope: this.name,
        kind: entry.kind,
        label: entry.label,
      });
      return value;
    }
    await this.#releaseLate(entry);
    throw new ScopeClosedError(this.name, this.#state, `keep ${entry.kind} ${entry.label}`);
  }

  /**
   * Registers `value[Symbol.asyncDispose]` (or `[Symbol.dispose]`) as a release; `null` and
   * `undefined` are accepted and ignored, as with `await using`.
   *
   * @throws {@link ScopeClosedError} after disposing `value` at once when the scope is not open.
   * @example `const handle = scope.use(await openLogStream());`
   */
  use<T extends AsyncDisposable | Disposable | null | undefined>(value: T): T {
    if (value === null || value === undefined) return value;
    const dispose = disposerOf(value);
    this.#register({ kind: 'disposable', label: 'disposable', release: dispose }, 'use');
    return value;
  }

  /**
   * Registers `release(value)` for a value acquired elsewhere.
   *
   * @throws {@link ScopeClosedError} after running `release(value)` at once when not open.
   * @example `const pid = scope.adopt(spawnWorker(), (p) => stopWorker(p), 'worker');`
   */
  adopt<T>(value: T, release: (value: T) => unknown, label = 'adopted'): T {
    expectFunction('release', release);
    this.#register({ kind: 'adopted', label, release: () => release(value) }, 'adopt');
    return value;
  }

  /**
   * Registers `fn` to run on rollback.
   *
   * @throws {@link ScopeClosedError} after running `fn` at once when the scope is not open.
   * @example `scope.defer(() => metrics.decrement('deploys_in_flight'));`
   */
  defer(fn: () => unknown, label = 'deferred'): void {
    expectFunction('fn', fn);
    this.#register({ kind: 'deferred', label, release: () => fn() }, 'defer');
  }

  /**
   * Moves every pending release into a new open scope and closes this one as `committed`, so the
   * releases can outlive this block (e.g. handed to a long-lived owner).
   *
   * @throws {@link ScopeClosedError} when the scope is not open.
   * @example `supervisor.adopt(scope.move(), (moved) => moved.rollback('shutdown'));`
   */
  move(): ResourceScope {
    this.#assertOpen('move');
    const moved = new ResourceScope(inheritedOptions(this.#options, this.name));
    moved.#stack.pushAll(this.#stack.takeAll());
    // The moved scope carries on this scope's journal file: nothing needs rewriting.
    moved.#journal = this.#journal;
    this.#journal = undefined;
    this.#markClosed('committed');
    return moved;
  }

  /**
   * Opens a child scope whose releases sit at this point of the parent's order: the child's
   * `commit()` hands them to the parent, its `rollback()` releases only its own, and the parent's
   * rollback rolls back a still-open child.
   *
   * @throws {@link ScopeClosedError} when the scope is not open.
   * @example `await using step = scope.child('registry'); … await step.commit();`
   */
  child(name: string): ResourceScope {
    this.#assertOpen('open a child');
    const child = new ResourceScope(
      inheritedOptions(this.#options, `${this.name}/${expectNonEmptyString('name', name)}`),
    );
    // A child writes to its root's journal file, so its commit hands over without rewriting.
    child.#journal = this.#journal;
    child.#journal?.attach();
    // The parent's rollback covers the child: only roots are rolled back on a signal.
    trackClosed(child);
    child.#slot = {
      stack: undefined,
      pending: () => child.pending(),
      close: (reason, releaseReason) => child.#close(reason, releaseReason),
    };
    this.#stack.push(child.#slot);
    return child;
  }

  /**
   * Keeps everything: the releases are dropped (a child hands them to its parent). Committing a
   * committed scope does nothing.
   *
   * @throws {@link ScopeClosedError} when the scope is rolling back or rolled back.
   * @example `await scope.commit(); // the agent runs on after this process moves on`
   */
  async commit(): Promise<void> {
    if (this.#state === 'committed') return;
    this.#assertOpen('commit');
    const kept = this.#stack.takeAll();
    const home = this.#slot?.stack;
    if (this.#slot && home) home.replace(this.#slot, kept);
    this.#markClosed('committed');
    // A root's commit keeps for good; a child's only hands over to a parent that may roll back.
    if (!home) await this.#journal?.committed(journalSeqsOf(kept));
    await this.#detachJournal();
    emitScopeEvent(this.#options.onEvent, { type: 'commit', scope: this.name, kept: kept.length });
  }

  /**
   * Releases everything in reverse order, each bounded by `releaseTimeoutMs`, attempting every
   * release even when some fail. Never throws because a release failed: read the report. Repeated
   * and concurrent calls return the same promise; after `commit()` the report is empty.
   *
   * @param reason - Why: an error (its message is reported) or a string.
   * @example `const report = await scope.rollback(error); if (!report.ok) log(report);`
   */
  rollback(reason?: unknown): Promise<RollbackReport> {
    return this.#close(reason ?? 'rollback', 'rollback');
  }

  /**
   * Rolls back unless committed; used by `await using`.
   *
   * @throws {@link RollbackError} when a release failed or timed out. The body's error, if any,
   * reaches the caller through the language's `SuppressedError`; `ResourceScope.run` also puts it
   * in `cause`.
   * @example `await using scope = new ResourceScope(); // disposed at block exit`
   */
  async [Symbol.asyncDispose](): Promise<void> {
    const report = await this.#close('disposed', 'dispose');
    if (!report.ok) throw new RollbackError(report);
  }

  /**
   * Runs `fn` with a new scope: commits when it resolves, rolls back when it throws.
   *
   * @throws The error `fn` threw, or a {@link RollbackError} with that error as `cause` when a
   * release also failed.
   * @example
   * ```ts
   * const agent = await ResourceScope.run(async (scope) => {
   *   await scope.acquire(promptFile({ path, content }));
   *   return scope.acquire(tmuxSession({ name, command, cwd, env }));
   * }, { name: 'deploy' });
   * ```
   */
  static run<T>(
    fn: (scope: ResourceScope) => T | PromiseLike<T>,
    options?: ResourceScopeOptions,
  ): Promise<T> {
    return runInScope(new ResourceScope(options), fn);
  }

  #close(reason: unknown, releaseReason: ReleaseReason): Promise<RollbackReport> {
    this.#closing ??=
      this.#state === 'committed'
        ? Promise.resolve(buildReport(this.name, reason, { entries: [], failures: [] }, 0))
        : this.#drain(reason, releaseReason);
    return this.#closing;
  }

  async #drain(reason: unknown, releaseReason: ReleaseReason): Promise<RollbackReport> {
    const started = performance.now();
    this.#state = 'rolling-back';
    this.#acquireAbort.abort(reason);
    // Acquires still running may yet succeed; their releases must land in this rollback.
    if (this.#inflight.size > 0)
      await settleWithin([...this.#inflight], this.#options.releaseTimeoutMs);
    const outcome = await drainStack(this.#stack, releaseReason, reason, this.#options);
    this.#markClosed('rolled-back');
    await this.#detachJournal();
    const report = buildReport(this.name, reason, outcome, performance.now() - started);
    emitScopeEvent(this.#options.onEvent, { type: 'rollback', scope: this.name, report });
    return report;
  }

  #markClosed(state: 'committed' | 'rolled-back'): void {
    this.#state = state;
    trackClosed(this);
    this.#options.signal?.removeEventListener('abort', this.#onSignalAbort);
    if (this.#slot?.stack) this.#slot.stack.remove(this.#slot);
  }

  #register(entry: ReleaseEntry, action: string): void {
    if (this.#state === 'open') {
      this.#stack.push(entry);
      return;
    }
    void this.#releaseLate(entry);
    throw new ScopeClosedError(this.name, this.#state, action);
  }

  /** Releases something that arrived after the scope closed, unless a running rollback will. */
  async #releaseLate(entry: ReleaseEntry): Promise<void> {
    if (this.#state === 'rolling-back') this.#stack.push(entry);
    else await releaseLate(entry, this.name, this.#options.releaseTimeoutMs);
  }

  async #detachJournal(): Promise<void> {
    const journal = this.#journal;
    this.#journal = undefined;
    await journal?.detach().catch((error: unknown) => warnJournal(this.name, error));
  }

  #assertOpen(action: string): void {
    if (this.#state !== 'open') throw new ScopeClosedError(this.name, this.#state, action);
  }
}
