import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import type { RegistryEvent } from '../../src/registry/registry-events.js';
import type {
  RunOutcome,
  RunSpec,
  WorkerCommand,
  WorkerReply,
} from '../fixtures/registry/tally-worker.js';

export type { RunOutcome, RunSpec };
export type CommitEvent = Extract<RegistryEvent, { type: 'commit' }>;
type CommandBody = WorkerCommand extends infer C
  ? C extends unknown
    ? Omit<C, 'id'>
    : never
  : never;

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'registry');

/**
 * Starts `test/fixtures/registry/<name>.ts` in a real Node process through tsx, with IPC and a
 * timeout. The caller registers its kill as cleanup.
 */
export function startRegistryFixture(name: string, args: readonly string[], timeout: number) {
  const argv = ['--import', 'tsx', join(fixtures, `${name}.ts`), ...args];
  const child = execa(process.execPath, argv, { timeout, ipc: true });
  // Awaited where it matters; a child killed by the cleanup must not be an unhandled rejection.
  child.catch(() => undefined);
  return child;
}

/** Starts `registry/tally-reader` on `path`: end its stdin, then its stdout is the summary. */
export function startTallyReader(path: string, timeout: number) {
  const argv = ['--import', 'tsx', join(fixtures, 'tally-reader.ts'), path];
  const child = execa(process.execPath, argv, { timeout });
  child.catch(() => undefined);
  return child;
}

/** What `registry/tally-reader` saw. */
export interface ReaderSummary {
  readonly reads: number;
  readonly missing: number;
  readonly invalid: number;
  readonly regressions: number;
  readonly firstError?: string;
}

/**
 * A `registry/tally-worker` process. One dispatcher reads all its replies, so any number of
 * commands may be in flight (a `getOneMessage` per command would pile up listeners). The caller
 * registers {@link TallyWorker.kill} as cleanup.
 */
export class TallyWorker {
  readonly #child: ReturnType<typeof startRegistryFixture>;
  readonly #replies = new Map<number, (reply: WorkerReply) => void>();
  readonly #ready: Promise<void>;
  #next = 0;

  constructor(timeout: number) {
    this.#child = startRegistryFixture('tally-worker', [], timeout);
    let ready!: () => void;
    const readied = new Promise<void>((resolve) => {
      ready = resolve;
    });
    this.#ready = Promise.race([readied, this.#exited()]);
    void this.#dispatch(ready);
  }

  /** Resolves once the worker listens for commands. */
  ready(): Promise<void> {
    return this.#ready;
  }

  /** Calls `store.run()` for each of `runs` on the registry at `path`. */
  async run(path: string, runs: readonly RunSpec[], together = false): Promise<RunOutcome[]> {
    const reply = await this.#send({ type: 'run', path, runs, together });
    return [...(reply as { readonly outcomes: readonly RunOutcome[] }).outcomes];
  }

  /** The events of this worker's store for `path` so far. */
  async events(path: string): Promise<RegistryEvent[]> {
    const reply = await this.#send({ type: 'report', path });
    return [...(reply as { readonly events: readonly RegistryEvent[] }).events];
  }

  /** The commit events of this worker's store for `path` so far. */
  async commits(path: string): Promise<CommitEvent[]> {
    return (await this.events(path)).filter(isCommit);
  }

  /** Asks the worker to exit, and waits for it. */
  async exit(): Promise<void> {
    await this.#child.sendMessage('exit');
    await this.#child;
  }

  /** SIGKILLs the worker (cleanup; a no-op once it exited). */
  kill(): void {
    this.#child.kill('SIGKILL');
  }

  async #dispatch(ready: () => void): Promise<void> {
    try {
      for await (const message of this.#child.getEachMessage()) {
        if (message === 'ready') ready();
        else {
          const reply = message as WorkerReply;
          this.#replies.get(reply.id)?.(reply);
          this.#replies.delete(reply.id);
        }
      }
    } catch {
      // The worker is gone: pending commands fail through #exited().
    }
  }

  async #send(command: CommandBody): Promise<WorkerReply> {
    await this.#ready;
    const id = this.#next++;
    const reply = new Promise<WorkerReply>((resolve) => this.#replies.set(id, resolve));
    await this.#child.sendMessage({ ...command, id } as WorkerCommand);
    return Promise.race([reply, this.#exited()]);
  }

  async #exited(): Promise<never> {
    const result = await this.#child.catch((error: unknown) => error);
    throw new Error(`the tally worker exited before replying: ${String(result)}`);
  }
}

export function isCommit(event: RegistryEvent): event is CommitEvent {
  return event.type === 'commit';
}

/** Polls `predicate` every 10 ms until it holds, failing after `timeoutMs`. */
export async function until(
  what: string,
  predicate: () => boolean,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** The names in a directory, sorted; none when it does not exist. */
export function namesIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** The registry file's text, or `undefined` when there is none. */
export function textOf(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
