/**
 * The names in a registry's `<file>.lock.queue/` directory. Each is one state of one waiter, so a
 * single `readdir` shows the whole queue and every rename is one atomic state change:
 *
 * - `<ns>-<pid>`: a waiter that will take the lock itself (its updates are closures);
 * - `<ns>-<pid>.req` or `<ns>-<pid>.req-<base64url>`: a waiter whose updates are named
 *   operations, which any lock holder may apply for it — the requests (`operation-requests.ts`)
 *   are in the file or, when short, in the name of an empty file (the holder then reads nothing);
 * - `<ticket>.claimed`: a request taken by the lock holder (only the holder of a valid lease has
 *   claims, so any claim a new holder finds is its crashed predecessor's);
 * - `<ticket>.ok`: a request that is durably applied; or `<ticket>.done` when some of its
 *   operations failed alone, which `<ticket>.failed` lists (the rest are applied);
 * - `commit-<batch>-<sha>`: a directory a holder makes before it replaces the registry with a
 *   document whose hash is `<sha>`; it tells a successor whether a crashed holder's claims took
 *   effect;
 * - `.tmp-<ticket>`: a request being written, renamed into place once complete.
 *
 * `<ns>` is CLOCK_MONOTONIC in nanoseconds, zero-padded to 20 digits, so names sort by arrival.
 */
export type QueueEntry =
  | {
      readonly kind: 'ticket';
      readonly ticket: string;
      readonly pid: number;
      readonly request: boolean;
      /** The requests carried in the name (base64url JSON), if they are. */
      readonly inline: string | undefined;
    }
  | {
      readonly kind: 'claimed' | 'ok' | 'done' | 'failed' | 'temp';
      readonly ticket: string;
      readonly pid: number;
    }
  | { readonly kind: 'commit'; readonly batch: string; readonly sha: string };

/** Longest request text carried in a ticket's name: its states' names stay under NAME_MAX (255). */
export const maxInlineLength = 180;

const ticketPattern = /^\d{20}-(\d{1,10})(\.req(?:-([\w-]{1,180}))?)?$/;
const statePattern = /^(\d{20}-(\d{1,10})\.req(?:-[\w-]{1,180})?)\.(claimed|ok|done|failed)$/;
const tempPattern = /^\.tmp-(\d{20}-(\d{1,10})\.req)$/;
const commitPattern = /^commit-([0-9a-f]{1,32})-([0-9a-f]{64})$/;

/** What a queue directory name means, or `undefined` for a name that is none of ours. */
export function parseQueueEntry(name: string): QueueEntry | undefined {
  const ticket = ticketPattern.exec(name);
  if (ticket) {
    const [, pid, request, inline] = ticket;
    return {
      kind: 'ticket',
      ticket: name,
      pid: Number(pid),
      request: request !== undefined,
      inline,
    };
  }
  const state = statePattern.exec(name);
  if (state) {
    const [, ticketName = '', pid, suffix] = state;
    const kind = suffix as 'claimed' | 'ok' | 'done' | 'failed';
    return { kind, ticket: ticketName, pid: Number(pid) };
  }
  const temp = tempPattern.exec(name);
  if (temp) return { kind: 'temp', ticket: temp[1] ?? '', pid: Number(temp[2]) };
  const commit = commitPattern.exec(name);
  if (commit) return { kind: 'commit', batch: commit[1] ?? '', sha: commit[2] ?? '' };
  return undefined;
}

/**
 * A new ticket name for this process, after every ticket taken so far on this host: a plain one,
 * a request ticket, or one with `inline` (base64url, at most {@link maxInlineLength}) requests.
 */
export function newTicketName(kind: 'plain' | 'request', inline?: string): string {
  const ns = process.hrtime.bigint().toString().padStart(20, '0');
  const suffix = kind === 'plain' ? '' : inline === undefined ? '.req' : `.req-${inline}`;
  return `${ns}-${process.pid}${suffix}`;
}

/** The names of one request's states. */
export const claimedName = (ticket: string): string => `${ticket}.claimed`;
export const okName = (ticket: string): string => `${ticket}.ok`;
export const doneName = (ticket: string): string => `${ticket}.done`;
export const failedName = (ticket: string): string => `${ticket}.failed`;
export const tempName = (ticket: string): string => `.tmp-${ticket}`;
export const commitName = (batch: string, sha: string): string => `commit-${batch}-${sha}`;

/** Whether a process exists on this host (EPERM: it does, under another user). */
export function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
