import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  RegistryLockCompromisedError,
  RegistryLockTimeoutError,
} from '../../src/registry/registry-errors.js';
import { RegistryStore } from '../../src/registry/registry-store.js';
import { CounterSchema } from '../fixtures/registry/counter.js';
import { tempDir } from './temp-dir.js';

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
