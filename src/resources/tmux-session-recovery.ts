import { z } from 'zod';
import { defineRecoverableKind } from '../journal/recoverable-kind.js';
import { defaultProcReader } from '../proc/proc-reader.js';
import { TmuxClient } from '../tmux/tmux-client.js';
import { stopSession } from './stop-session.js';

/**
 * What a tmux session journals before it is created: enough to find everything it may have
 * created (the uuid labels the session and marks every process) on the right server.
 */
export const TmuxSessionIntentSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,199}$/),
  uuid: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
  socket: z.union([
    z.object({ name: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/) }),
    z.object({ path: z.string().startsWith('/') }),
  ]),
  tmuxPath: z.string().min(1).default('tmux'),
  killGraceMs: z.number().int().nonnegative().default(3_000),
});

/** What it journals once created: the ids and the leader's identity. */
export const TmuxSessionAcquiredSchema = z.object({
  sessionId: z.string().regex(/^\$\d+$/),
  panePid: z.number().int().positive(),
  panePidStartTime: z.number().int().nonnegative(),
});

/**
 * Releases a tmux session after a crash, from its journal record alone: the same release as a
 * rollback (identity-checked tree kill, ownership-checked session kill, verification). Before the
 * session was acquired, the uuid still finds whatever the dead process managed to create.
 *
 * @example
 * ```ts
 * await recover({ journal }); // tmux-session is a built-in recoverable kind
 * ```
 */
export const tmuxSessionRecovery = defineRecoverableKind({
  kind: 'tmux-session',
  intent: TmuxSessionIntentSchema,
  acquired: TmuxSessionAcquiredSchema,
  release: async ({ intent, acquired }, { signal }) => {
    const socket =
      'path' in intent.socket
        ? { socketPath: intent.socket.path }
        : { socketName: intent.socket.name };
    const client = new TmuxClient({ ...socket, tmuxPath: intent.tmuxPath });
    const known = acquired && {
      sessionId: acquired.sessionId,
      leader: { pid: acquired.panePid, startTime: acquired.panePidStartTime },
    };
    await stopSession(
      { name: intent.name, uuid: intent.uuid, ...known },
      { client, procReader: defaultProcReader, killGraceMs: intent.killGraceMs, signal },
    );
  },
});
