import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import type { ReleaseContext, Resource } from '../scope/resource.js';
import { checkStartup } from './check-startup.js';
import { createSession } from './start-session.js';
import { stopSession } from './stop-session.js';
import { TmuxSessionReleaseError, TmuxSessionStartError } from './tmux-session-errors.js';
import type { TmuxSessionHandle } from './tmux-session-handle.js';
import { parseTmuxSessionOptions, type TmuxSessionOptions } from './tmux-session-options.js';

/**
 * A detached tmux session on a private server, running `command` (an argv array) in `cwd`.
 *
 * Acquire creates and labels the session in one tmux call (`@leakproof_id`, `@leakproof_owner`,
 * and `LEAKPROOF_SESSION=<uuid>` in the environment every descendant inherits), then confirms the
 * command is still running after `startupCheckMs`; a command that is missing or exits at once
 * fails with a {@link TmuxSessionStartError} naming its exit status and output, leaving nothing.
 * Release kills the whole process tree (SIGTERM → `killGraceMs` → SIGKILL, identity-checked),
 * then the session by `$id` if its label still matches, and verifies nothing is left.
 *
 * @throws {@link InvalidOptionError} at once when an option is malformed (nothing is created).
 * @example
 * ```ts
 * await using scope = new ResourceScope();
 * const agent = await scope.acquire(
 *   tmuxSession({ name: 'agent_a1', command: ['node', 'agent.js'], cwd: '/work/task' }),
 * );
 * console.log(agent.sessionId, agent.panePid);
 * await scope.commit(); // or let it roll back: session and process tree are gone
 * ```
 */
export function tmuxSession(options: TmuxSessionOptions): Resource<TmuxSessionHandle> {
  const opts = parseTmuxSessionOptions(options);
  const uuid = randomUUID();
  const { client, procReader, killGraceMs, name } = opts;
  const release = async (handle: TmuxSessionHandle, ctx: ReleaseContext): Promise<void> => {
    const leader = { pid: handle.panePid, startTime: handle.panePidStartTime };
    const target = { name, uuid, sessionId: handle.sessionId, leader };
    await stopSession(target, { client, procReader, killGraceMs, signal: ctx.signal });
  };
  return {
    kind: 'tmux-session',
    label: name,
    intent: { name, uuid, socket: client.socket, tmuxPath: client.tmuxPath, killGraceMs },
    describe: (handle) => ({
      name,
      uuid,
      socket: client.socket,
      sessionId: handle.sessionId,
      paneId: handle.paneId,
      panePid: handle.panePid,
      panePidStartTime: handle.panePidStartTime,
    }),
    async acquire({ signal }) {
      await expectDirectory(opts.cwd);
      // Whatever failed, remove everything that carries our uuid before reporting it.
      const abandon = async (error: unknown): Promise<never> => {
        try {
          await stopSession({ name, uuid }, { client, procReader, killGraceMs: 0 });
        } catch (cleanupError) {
          const left = cleanupError instanceof TmuxSessionReleaseError ? cleanupError : undefined;
          throw new TmuxSessionReleaseError(name, {
            remainingPids: left?.remainingPids ?? [],
            sessionRemains: left?.sessionRemains ?? true,
            cause: error,
          });
        }
        throw error;
      };
      const created = await createSession(opts, uuid).catch(abandon);
      const checked = await checkStartup(opts, created, signal).catch(abandon);
      if (typeof checked !== 'number') {
        return abandon(new TmuxSessionStartError(name, checked));
      }
      if (signal.aborted) {
        const reason = 'was aborted while starting';
        return abandon(
          new TmuxSessionStartError(name, {
            exitStatus: undefined,
            output: '',
            reason,
            cause: signal.reason,
          }),
        );
      }
      const handle: TmuxSessionHandle = {
        ...created,
        name,
        uuid,
        socket: client.socket,
        panePidStartTime: checked,
        [Symbol.asyncDispose]: () =>
          release(handle, { reason: 'dispose', signal: new AbortController().signal }),
      };
      return handle;
    },
    release,
  };
}

async function expectDirectory(path: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) throw new InvalidOptionError('cwd', 'an existing directory', path);
}
