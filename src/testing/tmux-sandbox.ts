import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { defaultProcReader } from '../proc/proc-reader.js';
import { scanProcesses } from '../proc/process-table.js';
import { terminate } from '../proc/terminate.js';
import { stopSession } from '../resources/stop-session.js';
import { TmuxClient } from '../tmux/tmux-client.js';
import type { TmuxClientOptions } from '../tmux/tmux-client-options.js';

/** Every process of a sandbox server started by the sandbox's clients carries it: `=<socketName>`. */
const SANDBOX_MARKER_ENV = 'LEAKPROOF_TEST_SANDBOX';

/**
 * Options of {@link createTmuxSandbox}: those of `TmuxClient` (from `leakproof`) except the
 * socket, which the sandbox chooses.
 *
 * @example
 * ```ts
 * await using sandbox = createTmuxSandbox({ timeoutMs: 2_000 });
 * ```
 */
export type TmuxSandboxOptions = Omit<TmuxClientOptions, 'socketName' | 'socketPath'>;

/**
 * One leakproof-labelled session of a sandbox server.
 *
 * @example
 * ```ts
 * const [{ sessionId, name, leakproofId }] = await sandbox.labelledSessions();
 * ```
 */
export interface LabelledSession {
  /** tmux's id, e.g. `$3`. */
  readonly sessionId: string;
  /** The session name. */
  readonly name: string;
  /** Its `@leakproof_id` label, also the `LEAKPROOF_SESSION` marker of its processes. */
  readonly leakproofId: string;
}

/**
 * A private tmux server on a unique socket (`-L leakproof-test-<random>`), never the user's
 * default server. Disposing it stops each labelled session as a release would (its whole process
 * tree, marker processes included), kills the server, then every process still carrying the
 * `LEAKPROOF_TEST_SANDBOX=<socketName>` variable that a server started by the sandbox's clients
 * gives all its sessions, and removes the socket file; it rejects if a session's tree survived.
 *
 * @example
 * ```ts
 * await using sandbox = createTmuxSandbox();
 * await using scope = new ResourceScope();
 * await scope.acquire(tmuxSession({ name: 'a1', command: ['sleep', '60'], cwd, client: sandbox.client }));
 * ```
 */
export interface TmuxSandbox extends AsyncDisposable {
  /** A client on the sandbox server. */
  readonly client: TmuxClient;
  /** The socket name, for a second client or a child process. */
  readonly socketName: string;
  /** Another client on the same server with different options (an injected `exec`, say). */
  clientWith(options: TmuxSandboxOptions): TmuxClient;
  /** The sessions of the server carrying a `@leakproof_id` label, one snapshot. */
  labelledSessions(): Promise<LabelledSession[]>;
}

/**
 * Creates a {@link TmuxSandbox}. The server itself starts with the first session.
 *
 * @example
 * ```ts
 * await using sandbox = createTmuxSandbox();
 * const { panes } = await sandbox.client.snapshot(); // []
 * ```
 */
export function createTmuxSandbox(options: TmuxSandboxOptions = {}): TmuxSandbox {
  const socketName = `leakproof-test-${randomBytes(6).toString('hex')}`;
  // A server started by these clients passes the variable to every process of every session.
  const clientOf = (more: TmuxSandboxOptions) =>
    new TmuxClient({
      ...more,
      socketName,
      env: { ...(more.env ?? process.env), [SANDBOX_MARKER_ENV]: socketName },
    });
  const client = clientOf(options);
  // A plain client for clean-up: the caller's may have a deliberately broken exec.
  const cleaner = clientOf({});
  const labelledSessions = () => labelledSessionsOf(cleaner);
  let disposed: Promise<void> | undefined;
  return {
    client,
    socketName,
    clientWith: clientOf,
    labelledSessions,
    [Symbol.asyncDispose]: () => {
      disposed ??= destroy(cleaner, socketName, labelledSessions);
      return disposed;
    },
  };
}

async function labelledSessionsOf(client: TmuxClient): Promise<LabelledSession[]> {
  const sessions = new Map<string, LabelledSession>();
  for (const pane of (await client.snapshot()).panes) {
    if (pane.leakproofId === undefined) continue;
    const { sessionId, sessionName: name, leakproofId } = pane;
    sessions.set(sessionId, { sessionId, name, leakproofId });
  }
  return [...sessions.values()];
}

async function destroy(
  cleaner: TmuxClient,
  socketName: string,
  labelledSessions: () => Promise<LabelledSession[]>,
): Promise<void> {
  // kill-server only closes ptys: marker processes that ignore SIGHUP would outlive it.
  const stops = (await labelledSessions()).map(({ name, sessionId, leakproofId: uuid }) =>
    stopSession(
      { name, uuid, sessionId },
      { client: cleaner, procReader: defaultProcReader, killGraceMs: 200 },
    ),
  );
  const failures = (await Promise.allSettled(stops)).filter((r) => r.status === 'rejected');
  await cleaner.killServer();
  // Whatever outlived its session (unlabelled sessions' daemons, say) still carries the variable.
  const table = await scanProcesses({ markerName: SANDBOX_MARKER_ENV });
  await terminate(
    [...table.values()].filter((entry) => entry.marker === socketName),
    { graceMs: 200 },
  );
  // tmux leaves its socket file behind when the server exits.
  await rm(cleaner.socketFile, { force: true });
  if (failures.length > 0) throw failures[0]?.reason;
}
