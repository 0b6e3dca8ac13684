import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { delay } from '../internal/delay.js';
import { classifyFailure } from './classify-failure.js';
import { execBounded } from './exec-bounded.js';
import { type KillSessionsResult, killSessionsBatched } from './kill-sessions.js';
import { batchCommands, type TmuxCommand } from './tmux-argv.js';
import {
  type ParsedTmuxClientOptions,
  parseTmuxClientOptions,
  type TmuxClientOptions,
  type TmuxSocket,
} from './tmux-client-options.js';
import {
  TmuxNoServerError,
  TmuxNotInstalledError,
  TmuxServerExitedError,
  TmuxTargetNotFoundError,
} from './tmux-errors.js';
import { LEAKPROOF_ID_OPTION } from './tmux-labels.js';
import { parseSnapshot, SNAPSHOT_FORMAT, type TmuxSnapshot } from './tmux-snapshot.js';
import { assertExactTargets, expectSessionId } from './tmux-target.js';
import { parseTmuxVersion, type TmuxVersion } from './tmux-version.js';

/**
 * Talks to one private tmux server (`-L name` or `-S path`, always `-f /dev/null`). Every call is
 * an argv array run without a shell and with a timeout; targets are ids (`$3`, `%5`) or exact
 * `=name`s; arguments ending in `;` are escaped; batches stay under tmux's 16 KiB limit; failures
 * become typed {@link TmuxError}s, and a server exiting under a call is retried.
 *
 * @example
 * ```ts
 * const client = new TmuxClient({ socketName: 'agents' });
 * const { panes } = await client.snapshot();
 * await client.killSessions(panes.filter((p) => p.paneDead).map((p) => p.sessionId));
 * ```
 */
export class TmuxClient {
  /** The server this client talks to. */
  readonly socket: TmuxSocket;
  /**
   * The socket file's path. tmux leaves it behind when its server exits; only remove it when you
   * know no server of yours will be started on it meanwhile (a test's own sandbox, say).
   */
  readonly socketFile: string;
  /** The tmux binary this client runs. */
  readonly tmuxPath: string;
  readonly #options: ParsedTmuxClientOptions;
  #version: Promise<TmuxVersion> | undefined;

  /** @throws {@link InvalidOptionError} when an option is malformed. */
  constructor(options?: TmuxClientOptions) {
    this.#options = parseTmuxClientOptions(options);
    this.socket = this.#options.socket;
    this.socketFile = this.#options.socketFile;
    this.tmuxPath = this.#options.tmuxPath;
  }

  /**
   * The tmux version (`tmux -V`), checked once per client.
   *
   * @throws {@link TmuxVersionError} when older than 3.2; {@link TmuxNotInstalledError}.
   */
  version(): Promise<TmuxVersion> {
    this.#version ??= execBounded(this.#options, ['-V']).then((result) => {
      if (result.exitCode !== 0) throw classifyFailure(result, ['-V']);
      return parseTmuxVersion(result.stdout);
    });
    // A transient failure (timeout) must not be remembered.
    this.#version.catch(() => {
      this.#version = undefined;
    });
    return this.#version;
  }

  /**
   * Runs tmux commands, as few calls as fit under the size limit, in order; returns their stdout.
   * Every `-t` must be an id or an exact `=name`.
   *
   * @throws {@link TmuxError} subclasses as classified from stderr; {@link InvalidOptionError}
   * for a bare-name target.
   */
  async run(commands: readonly TmuxCommand[]): Promise<string> {
    for (const command of commands) assertExactTargets(command);
    let stdout = '';
    for (const argv of batchCommands(commands)) stdout += await this.#call(argv);
    return stdout;
  }

  /**
   * Every pane of the server from one `list-panes -a` call. No server (or a server with no
   * session left, about to exit) means no panes.
   *
   * @throws {@link TmuxOutputError} when tmux printed something unparseable.
   */
  async snapshot(): Promise<TmuxSnapshot> {
    try {
      return parseSnapshot(await this.run([['list-panes', '-a', '-F', SNAPSHOT_FORMAT]]));
    } catch (error) {
      // A server whose last session just went says "no current target" until it exits.
      if (error instanceof TmuxNoServerError || error instanceof TmuxTargetNotFoundError) {
        return { serverPid: undefined, panes: [] };
      }
      throw error;
    }
  }

  /**
   * Kills sessions by id, batched into as few calls as fit; sessions already gone (or no server)
   * count as `gone`, not as errors.
   */
  killSessions(sessionIds: readonly string[]): Promise<KillSessionsResult> {
    for (const [index, id] of sessionIds.entries()) expectSessionId(`sessionIds[${index}]`, id);
    return killSessionsBatched(sessionIds, (commands) => this.run(commands));
  }

  /**
   * Kills each session in `sessionIds` only while its `@leakproof_id` label equals `leakproofId`
   * (an `if-shell -F` format test per session, no shell), and returns a snapshot taken in the same
   * tmux call, after the kills. Gone or relabelled sessions are left as they are.
   *
   * @example
   * ```ts
   * const after = await client.killLabelledSessions(['$3'], uuid);
   * const remains = after.panes.some((pane) => pane.leakproofId === uuid);
   * ```
   */
  async killLabelledSessions(
    sessionIds: readonly string[],
    leakproofId: string,
  ): Promise<TmuxSnapshot> {
    for (const [index, id] of sessionIds.entries()) expectSessionId(`sessionIds[${index}]`, id);
    if (!/^[A-Za-z0-9-]{1,100}$/.test(leakproofId)) {
      throw new InvalidOptionError('leakproofId', 'letters, digits and `-`', leakproofId);
    }
    const condition = `#{==:#{${LEAKPROOF_ID_OPTION}},${leakproofId}}`;
    const kills = sessionIds.map((id) => [
      'if-shell',
      '-F',
      '-t',
      id,
      condition,
      `kill-session -t '${id}'`,
    ]);
    try {
      return parseSnapshot(await this.run([...kills, ['list-panes', '-a', '-F', SNAPSHOT_FORMAT]]));
    } catch (error) {
      // list-panes found no session at all: the kills emptied the server.
      if (error instanceof TmuxTargetNotFoundError && error.stderr === 'no current target') {
        return { serverPid: undefined, panes: [] };
      }
      // A target vanished, or the server is gone: look again.
      if (error instanceof TmuxNoServerError || error instanceof TmuxTargetNotFoundError) {
        return this.snapshot();
      }
      throw error;
    }
  }

  /** Kills the whole server; no server is success. */
  async killServer(): Promise<void> {
    await this.#ignoreGone(this.run([['kill-server']]));
  }

  async #ignoreGone(call: Promise<unknown>): Promise<void> {
    try {
      await call;
    } catch (error) {
      if (error instanceof TmuxNoServerError || error instanceof TmuxTargetNotFoundError) return;
      throw error;
    }
  }

  /** One argv (already joined and escaped), retried while the server exits under it. */
  async #call(argv: string[]): Promise<string> {
    await this.version();
    const socket = this.socket;
    const args = [
      '-f',
      '/dev/null',
      ...('path' in socket ? ['-S', socket.path] : ['-L', socket.name]),
      ...argv,
    ];
    for (let attempt = 0; ; attempt++) {
      const result = await execBounded(this.#options, args);
      if (result.exitCode === 0) return result.stdout;
      const error = classifyFailure(result, argv);
      if (!(error instanceof TmuxServerExitedError) || attempt >= this.#options.retries)
        throw error;
      await delay(10 * (attempt + 1));
    }
  }
}
