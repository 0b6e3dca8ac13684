import type { TmuxCommand } from './tmux-argv.js';
import { TmuxNoServerError, TmuxTargetNotFoundError } from './tmux-errors.js';

/**
 * What {@link TmuxClient.killSessions} did.
 *
 * @example
 * ```ts
 * const { killed, gone } = await client.killSessions(['$1', '$2']);
 * ```
 */
export interface KillSessionsResult {
  /** Session ids that tmux killed. */
  readonly killed: readonly string[];
  /** Session ids that did not exist (already gone, or no server). */
  readonly gone: readonly string[];
}

/**
 * Kills sessions with as few tmux calls as possible. tmux stops a `;`-joined sequence at the first
 * failing command, so when a session is already gone the ones before it were killed and the rest
 * are sent again.
 *
 * @example
 * ```ts
 * await killSessionsBatched(['$1', '$2'], (commands) => client.run(commands));
 * ```
 */
export async function killSessionsBatched(
  sessionIds: readonly string[],
  run: (commands: readonly TmuxCommand[]) => Promise<string>,
): Promise<KillSessionsResult> {
  const killed: string[] = [];
  const gone: string[] = [];
  let pending = [...new Set(sessionIds)];
  while (pending.length > 0) {
    try {
      await run(pending.map((id) => ['kill-session', '-t', id]));
      killed.push(...pending);
      return { killed, gone };
    } catch (error) {
      if (error instanceof TmuxNoServerError) return { killed, gone: [...gone, ...pending] };
      if (!(error instanceof TmuxTargetNotFoundError)) throw error;
      const missing = /can't find session: (\$\d+)/.exec(error.stderr)?.[1];
      const at = missing === undefined ? -1 : pending.indexOf(missing);
      // Unknown culprit (an older tmux wording): fall back to one call per session.
      if (at === -1) return killOneByOne(pending, run, { killed, gone });
      killed.push(...pending.slice(0, at));
      gone.push(missing as string);
      pending = pending.slice(at + 1);
    }
  }
  return { killed, gone };
}

async function killOneByOne(
  sessionIds: readonly string[],
  run: (commands: readonly TmuxCommand[]) => Promise<string>,
  result: { killed: string[]; gone: string[] },
): Promise<KillSessionsResult> {
  for (const id of sessionIds) {
    try {
      await run([['kill-session', '-t', id]]);
      result.killed.push(id);
    } catch (error) {
      if (!(error instanceof TmuxNoServerError || error instanceof TmuxTargetNotFoundError)) {
        throw error;
      }
      result.gone.push(id);
    }
  }
  return result;
}
