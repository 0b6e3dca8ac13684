import { existsSync, mkdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LockQueue } from '../../src/registry/lock-queue.js';
import { waitForRemoval } from '../../src/registry/wait-for-removal.js';
import { tempDir } from './temp-dir.js';

describe('LockQueue', () => {
  it('orders waiters by arrival, skips dead waiters, and removes itself when empty', async () => {
    const lock = join(tempDir(), 'r.json.lock');
    mkdirSync(`${lock}.queue`);
    // A live waiter that came first (this test's parent process), then a dead one.
    const live = join(`${lock}.queue`, `${'1'.padStart(20, '0')}-${process.ppid}`);
    const dead = join(`${lock}.queue`, `${'2'.padStart(20, '0')}-999999999`);
    writeFileSync(live, '');
    writeFileSync(dead, '');
    const queue = new LockQueue(lock);
    expect(await queue.othersWaiting()).toBe(true);
    await queue.join();
    expect(await queue.state()).toEqual({ state: 'queued', ahead: live });
    expect(existsSync(dead)).toBe(false);
    await queue.leave();
    expect(existsSync(`${lock}.queue`)).toBe(true);
  });

  it('is at the head without a ticket or with nobody ahead', async () => {
    const queue = new LockQueue(join(tempDir(), 'r.json.lock'));
    expect(await queue.state()).toEqual({ state: 'queued', ahead: undefined });
    await queue.join();
    expect(await queue.state()).toEqual({ state: 'queued', ahead: undefined });
    await queue.leave();
    expect(await queue.othersWaiting()).toBe(false);
  });
});

describe('waitForRemoval', () => {
  it('resolves at once for a missing path and when the watched path is removed', async () => {
    const dir = tempDir();
    await waitForRemoval([join(dir, 'missing')], 60_000);
    mkdirSync(join(dir, 'lock'));
    mkdirSync(join(dir, 'other'));
    const waiting = waitForRemoval([join(dir, 'other'), join(dir, 'lock')], 60_000);
    rmdirSync(join(dir, 'lock'));
    await waiting;
  });
});
