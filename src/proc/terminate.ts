import { delay } from '../internal/delay.js';
import { expectNonNegativeInteger, expectOptionsObject } from '../internal/expect.js';
import { ProcessSurvivedError } from './proc-errors.js';
import { defaultProcReader, type ProcReader } from './proc-reader.js';
import { isAlive, type ProcessIdentity } from './process-identity.js';

/**
 * Options of {@link terminate}.
 *
 * @example
 * ```ts
 * await terminate(targets, { graceMs: 500, protectedPids: [tmuxServerPid] });
 * ```
 */
export interface TerminateOptions {
  /** How long processes get to exit after SIGTERM before SIGKILL. @defaultValue `3000` */
  readonly graceMs?: number;
  /** How long to wait for SIGKILLed processes to disappear. @defaultValue `2000` */
  readonly killWaitMs?: number;
  /** Pids never signalled besides pid ≤ 1, this process and its parent (e.g. the tmux server). */
  readonly protectedPids?: readonly number[];
  /** Aborting it cuts the grace period short: survivors are SIGKILLed at once. */
  readonly signal?: AbortSignal;
  /** Where `/proc` is read from. @defaultValue the real `/proc` */
  readonly reader?: ProcReader;
  /** Sends a signal. @defaultValue `process.kill` */
  readonly kill?: (pid: number, signal: NodeJS.Signals) => void;
}

/**
 * What {@link terminate} did, per process identity.
 *
 * @example
 * ```ts
 * const { terminated, killed } = await terminate(targets);
 * ```
 */
export interface TerminateReport {
  /** Exited after SIGTERM within the grace period. */
  readonly terminated: readonly ProcessIdentity[];
  /** Needed SIGKILL. */
  readonly killed: readonly ProcessIdentity[];
  /** Never signalled: protected, or already gone (or its pid now names another process). */
  readonly skipped: readonly ProcessIdentity[];
}

// Short: a cooperative process is usually gone within a few ms of SIGTERM.
const POLL_MS = 2;

/**
 * Sends SIGTERM to every process in `targets`, waits up to `graceMs` for them to exit, then
 * SIGKILLs exactly the (pid, start time) pairs still alive. The start time is re-read before
 * **every** signal, so a pid recycled by an unrelated process is never signalled. Never signals
 * pid ≤ 1, this process, its parent or `protectedPids`.
 *
 * @throws {@link ProcessSurvivedError} when a process is still alive after SIGKILL.
 * @example
 * ```ts
 * const table = await scanProcesses({ markerName: 'LEAKPROOF_SESSION' });
 * await terminate(withMarker(table, uuid), { graceMs: 2_000 });
 * ```
 */
export async function terminate(
  targets: Iterable<ProcessIdentity>,
  options?: TerminateOptions,
): Promise<TerminateReport> {
  const opts = expectOptionsObject('options', options);
  const graceMs = expectNonNegativeInteger('graceMs', opts.graceMs ?? 3_000);
  const killWaitMs = expectNonNegativeInteger('killWaitMs', opts.killWaitMs ?? 2_000);
  const reader = opts.reader ?? defaultProcReader;
  const kill = opts.kill ?? ((pid: number, signal: NodeJS.Signals) => process.kill(pid, signal));
  const forbidden = new Set([process.pid, process.ppid, ...(opts.protectedPids ?? [])]);
  const skipped: ProcessIdentity[] = [];
  const eligible = unique(targets).filter((identity) => {
    const allowed = identity.pid > 1 && !forbidden.has(identity.pid);
    if (!allowed) skipped.push(identity);
    return allowed;
  });

  const denied: Denied[] = [];
  const termed = await signalEach(eligible, 'SIGTERM', { reader, kill, skipped, denied });
  await waitForExit(termed, graceMs, reader, opts.signal);
  const stubborn = await aliveOf(termed, reader);
  const killed = await signalEach(stubborn, 'SIGKILL', { reader, kill, skipped: [], denied });
  await waitForExit(killed, killWaitMs, reader);
  const survivors = [...(await aliveOf(killed, reader)), ...denied.map((d) => d.identity)];
  if (survivors.length > 0) throw new ProcessSurvivedError(survivors, denied[0]?.error);
  const terminated = termed.filter((identity) => !killed.includes(identity));
  return { terminated, killed, skipped };
}

/** A process the kernel would not let us signal (EPERM). */
interface Denied {
  readonly identity: ProcessIdentity;
  readonly error: unknown;
}

interface SignalContext {
  readonly reader: ProcReader;
  readonly kill: (pid: number, signal: NodeJS.Signals) => void;
  readonly skipped: ProcessIdentity[];
  readonly denied: Denied[];
}

/** Signals each identity that is still alive; returns those signalled. */
async function signalEach(
  identities: readonly ProcessIdentity[],
  signal: NodeJS.Signals,
  { reader, kill, skipped, denied }: SignalContext,
): Promise<ProcessIdentity[]> {
  const signalled: ProcessIdentity[] = [];
  for (const identity of identities) {
    // Checked right before the signal: the pid may have been recycled since the scan.
    if (!(await isAlive(identity, reader))) {
      skipped.push(identity);
      continue;
    }
    try {
      kill(identity.pid, signal);
      signalled.push(identity);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') skipped.push(identity);
      else denied.push({ identity, error });
    }
  }
  return signalled;
}

async function waitForExit(
  identities: readonly ProcessIdentity[],
  timeoutMs: number,
  reader: ProcReader,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!signal?.aborted && (await aliveOf(identities, reader)).length > 0) {
    const left = deadline - performance.now();
    if (left <= 0) return;
    await delay(Math.min(POLL_MS, left), signal);
  }
}

async function aliveOf(
  identities: readonly ProcessIdentity[],
  reader: ProcReader,
): Promise<ProcessIdentity[]> {
  const alive = await Promise.all(identities.map((identity) => isAlive(identity, reader)));
  return identities.filter((_, index) => alive[index]);
}

function unique(targets: Iterable<ProcessIdentity>): ProcessIdentity[] {
  const byKey = new Map<string, ProcessIdentity>();
  for (const { pid, startTime } of targets) byKey.set(`${pid}:${startTime}`, { pid, startTime });
  return [...byKey.values()];
}
