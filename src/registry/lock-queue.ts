import { mkdir, open, readdir, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * An advisory FIFO of the processes waiting for one registry lock: one empty file per waiter in
 * `<file>.lock.queue/`, named `<monotonic ns>-<pid>` so names sort by arrival (CLOCK_MONOTONIC is
 * shared by all processes of a host). Only the head of the queue tries `mkdir` when the lock is
 * released and each other waiter waits for the ticket just ahead of it, so waiters take turns
 * instead of racing, and a release wakes one process — that keeps p99 flat as writers are added.
 * The `mkdir` lock alone still provides mutual exclusion: a dead waiter's ticket is skipped, and
 * a waiter that waited longer than `staleMs` tries regardless of its place.
 */
export class LockQueue {
  /** The queue directory. */
  readonly dir: string;
  #ticket: string | undefined;

  constructor(lockPath: string) {
    this.dir = `${lockPath}.queue`;
  }

  /** Whether another process is queued (then a newcomer queues too rather than cutting in). */
  async othersWaiting(): Promise<boolean> {
    return (await this.#tickets()).some((name) => name !== this.#ticket);
  }

  /**
   * Adds this waiter at the tail. Never throws: without a ticket this waiter simply tries
   * whenever woken (the queue is advisory).
   */
  async join(): Promise<void> {
    const name = `${process.hrtime.bigint().toString().padStart(20, '0')}-${process.pid}`;
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await mkdir(this.dir).catch(ignoreExisting);
        await (await open(join(this.dir, name), 'wx')).close();
        this.#ticket = name;
        return;
      } catch {
        // The last waiter removed the empty queue directory meanwhile: make it again.
      }
    }
  }

  /**
   * `undefined` when this waiter is at the head (or has no ticket), else the path of the ticket
   * just ahead of it, to wait for. Tickets of dead processes ahead are removed.
   */
  async ahead(): Promise<string | undefined> {
    if (this.#ticket === undefined) return undefined;
    let previous: string | undefined;
    for (const name of await this.#tickets()) {
      if (name === this.#ticket) break;
      if (isAlive(Number(name.split('-')[1]))) previous = name;
      else await unlink(join(this.dir, name)).catch(() => undefined);
    }
    return previous === undefined ? undefined : join(this.dir, previous);
  }

  /** Leaves the queue, and removes the queue directory when it was the last one in it. Never throws. */
  async leave(): Promise<void> {
    const ticket = this.#ticket;
    if (ticket === undefined) return;
    this.#ticket = undefined;
    await unlink(join(this.dir, ticket)).catch(() => undefined);
    // ENOTEMPTY while others wait; they remove it later.
    await rmdir(this.dir).catch(() => undefined);
  }

  async #tickets(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.sort();
  }
}

function ignoreExisting(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EEXIST') throw error;
}

/** Whether a process exists on this host (EPERM: it does, under another user). */
function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
