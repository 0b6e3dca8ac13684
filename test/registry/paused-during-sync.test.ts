import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { RegistryLockCompromisedError } from '../../src/registry/registry-errors.js';
import { RegistryStore } from '../../src/registry/registry-store.js';
import { CounterSchema } from '../fixtures/registry/counter.js';
import { tempDir } from './temp-dir.js';

// The store's clock, and a sync that lets it run on by `pauseMs`: the process paused (SIGSTOP,
// a frozen VM, a stalled disk) while its new document was being made durable.
const paused = vi.hoisted(() => ({ clock: 1_000_000, pauseMs: 0 }));
vi.mock('../../src/registry/inline-fs.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/registry/inline-fs.js')>();
  return {
    ...original,
    fdatasync: async (fd: number) => {
      paused.clock += paused.pauseMs;
      await original.fdatasync(fd);
    },
  };
});

describe('a lock holder paused while syncing its new document', () => {
  it('does not rename it into place once its lease is past the safe margin', async () => {
    const dir = tempDir();
    const path = join(dir, 'r.json');
    writeFileSync(path, '{"count":1}');
    const store = new RegistryStore({
      path,
      schema: CounterSchema,
      initial: () => ({ count: 0 }),
      staleMs: 2_000,
      now: () => paused.clock,
    });
    await store.update((doc) => ({ ...doc, count: 2 }));
    const before = readFileSync(path, 'utf8');
    expect(JSON.parse(before)).toEqual({ count: 2 });

    paused.pauseMs = 1_500; // 3/4 of staleMs: a successor may be about to take the lock over
    const late = store.update((doc) => ({ ...doc, count: 99 }));
    await expect(late).rejects.toBeInstanceOf(RegistryLockCompromisedError);
    expect(readFileSync(path, 'utf8')).toBe(before);
    // No temp file is left; the lock stays (it may already be a successor's) until it expires.
    expect(readdirSync(dir).sort()).toEqual(['r.json', 'r.json.lock']);
  });
});
