import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import {
  RegistryLockCompromisedError,
  RegistryLockTimeoutError,
} from '../../src/registry/registry-errors.js';
import { RegistryStore } from '../../src/registry/registry-store.js';
import { CounterSchema } from '../fixtures/registry/counter.js';
import { tempDir } from './temp-dir.js';

// A sync that moves a test's clock on by `pauseMs` (0: no pause): the process paused (SIGSTOP, a
// frozen VM, a stalled disk) while its new document was being made durable.
const sync = vi.hoisted(() => ({ clock: 1_000_000, pauseMs: 0 }));
vi.mock('../../src/registry/inline-fs.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/registry/inline-fs.js')>();
  return {
    ...original,
    fdatasync: async (fd: number) => {
      sync.clock += sync.pauseMs;
      await original.fdatasync(fd);
    },
  };
});

function seeded(now: () => number = Date.now) {
  const path = join(tempDir(), 'r.json');
  writeFileSync(path, '{"count":1}');
  const store = new RegistryStore({
    path,
    schema: CounterSchema,
    initial: () => ({ count: 0 }),
    staleMs: 2_000,
    now,
  });
  return { path, store };
}

describe('lock safety', () => {
  it('a holder paused past the safe margin refuses to write and leaves the lock to expire', async () => {
    let clock = 1_000_000;
    const { path, store } = seeded(() => clock);
    const paused = store.update((doc) => {
      clock += 1_500; // 3/4 of staleMs: another waiter may be about to call us stale
      return { ...doc, count: 99 };
    });
    await expect(paused).rejects.toBeInstanceOf(RegistryLockCompromisedError);
    expect(readFileSync(path, 'utf8')).toBe('{"count":1}');
    // Not removed: it may already be a successor's. It expires like a crashed holder's.
    expect(existsSync(`${path}.lock`)).toBe(true);
  });

  it('a holder paused while syncing its new document does not rename it into place', async () => {
    const { path, store } = seeded(() => sync.clock);
    await store.update((doc) => ({ ...doc, count: 2 }));
    const before = readFileSync(path, 'utf8');
    expect(JSON.parse(before)).toEqual({ count: 2 });

    sync.pauseMs = 1_500; // 3/4 of staleMs: a successor may be about to take the lock over
    try {
      const late = store.update((doc) => ({ ...doc, count: 99 }));
      await expect(late).rejects.toBeInstanceOf(RegistryLockCompromisedError);
    } finally {
      sync.pauseMs = 0;
    }
    expect(readFileSync(path, 'utf8')).toBe(before);
    // No temp file is left; the lock stays (it may already be a successor's) until it expires.
    expect(readdirSync(dirname(path)).sort()).toEqual(['r.json', 'r.json.lock']);
  });

  it('a lock removed under its holder aborts the write with a typed error, never a crash', async () => {
    const { path, store } = seeded();
    const lost = store.update(async (doc) => {
      rmdirSync(`${path}.lock`);
      await sleep(1_300); // proper-lockfile checks its lock every staleMs / 2
      return { ...doc, count: 99 };
    });
    await expect(lost).rejects.toMatchObject({ code: 'REGISTRY_LOCK_COMPROMISED' });
    expect(readFileSync(path, 'utf8')).toBe('{"count":1}');
  });

  it('gives up after lockWaitMs on a live holder with a typed error, leaving its lock alone', async () => {
    const { path } = seeded();
    mkdirSync(`${path}.lock`); // a live holder's fresh lock
    const impatient = new RegistryStore({
      path,
      schema: CounterSchema,
      initial: () => ({ count: 0 }),
      lockWaitMs: 150,
    });
    await expect(impatient.update((doc) => doc)).rejects.toBeInstanceOf(RegistryLockTimeoutError);
    expect(existsSync(`${path}.lock`)).toBe(true);
    expect(existsSync(`${path}.lock.queue`)).toBe(false);
  });
});
