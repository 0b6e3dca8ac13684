import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { LockQueue } from '../../src/registry/lock-queue.js';
import { tempDir } from './temp-dir.js';

// Holds back ticket removals until released, so a removal can finish after a later join() —
// the order a loaded machine produces when the lock holder does not await its leave().
const removals = vi.hoisted(() => ({ gate: Promise.resolve() }));
vi.mock('../../src/registry/inline-fs.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/registry/inline-fs.js')>();
  return {
    ...original,
    unlink: async (path: string) => {
      await removals.gate;
      await original.unlink(path);
    },
  };
});

describe('LockQueue re-joining while its last leave() is still running', () => {
  it('keeps the new ticket: it is neither forgotten nor left behind', async () => {
    const lock = join(tempDir(), 'r.json.lock');
    const queue = new LockQueue(lock);
    await queue.join();
    const first = queue.ticketPath;
    let open = (): void => undefined;
    removals.gate = new Promise((resolve) => {
      open = resolve;
    });
    const leaving = queue.leave();
    await queue.join();
    const second = queue.ticketPath;
    open();
    expect(await leaving).toBe(true);

    expect(second).not.toBe(first);
    expect(queue.ticketPath).toBe(second);
    expect(readdirSync(`${lock}.queue`)).toEqual([basename(second ?? '')]);
    expect(await queue.leave()).toBe(true);
    expect(readdirSync(join(lock, '..'))).toEqual([]);
  });
});
