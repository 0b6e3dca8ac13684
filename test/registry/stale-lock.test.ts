import { existsSync, mkdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RegistryEvent } from '../../src/registry/registry-events.js';
import { RegistryStore } from '../../src/registry/registry-store.js';
import { CounterSchema } from '../fixtures/registry/counter.js';
import { startFixture } from '../support/fixture-process.js';
import { tempDir } from './temp-dir.js';

const racers = 8;
const trials = 100;

/** What a crashed holder leaves once `staleMs` has passed: its lock directory, long unrefreshed. */
function leaveStaleLock(path: string): void {
  mkdirSync(`${path}.lock`);
  const longAgo = new Date(Date.now() - 60_000);
  utimesSync(`${path}.lock`, longAgo, longAgo);
}

describe('stale lock takeover', () => {
  it('takes over the lock of a holder SIGKILLed mid-write and sweeps its temp file', async () => {
    const path = join(tempDir(), 'r.json');
    const holder = startFixture('registry/holder', [path], { timeout: 30_000, ipc: true });
    expect(await holder.getOneMessage()).toBe('holding');
    holder.kill('SIGKILL');
    await holder.catch(() => undefined);
    expect(existsSync(`${path}.lock`)).toBe(true);

    const events: RegistryEvent[] = [];
    const store = new RegistryStore({
      path,
      schema: CounterSchema,
      initial: () => ({ count: 0 }),
      staleMs: 2_000,
      onEvent: (event) => events.push(event),
    });
    expect(await store.update((doc) => ({ ...doc, count: doc.count + 1 }))).toEqual({ count: 1 });
    expect(events.map((event) => event.type)).toEqual(['takeover', 'sweep', 'commit']);
    expect(existsSync(`${path}.4294967295`)).toBe(false);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it(`${racers} waiters racing for a crashed holder's lock, ${trials} times: one holder, no lost update`, async () => {
    const dir = tempDir();
    const path = join(dir, 'r.json');
    const marker = join(dir, 'holder.marker');
    const children = Array.from({ length: racers }, () =>
      startFixture('registry/racer', [path, marker], { timeout: 110_000, ipc: true }),
    );
    await Promise.all(children.map((child) => child.getOneMessage()));
    let overlaps = 0;
    for (let trial = 0; trial < trials; trial++) {
      leaveStaleLock(path);
      const replies = children.map((child) => child.getOneMessage());
      await Promise.all(children.map((child) => child.sendMessage('go')));
      for (const reply of await Promise.all(replies)) {
        if ((reply as { overlap: boolean }).overlap) overlaps++;
      }
    }
    await Promise.all(children.map((child) => child.sendMessage('exit')));
    await Promise.all(children);
    const store = new RegistryStore({ path, schema: CounterSchema, initial: () => ({ count: 0 }) });
    expect({ overlaps, count: (await store.read()).count }).toEqual({
      overlaps: 0,
      count: racers * trials,
    });
    // 100 rounds of 8 processes: ~15 s alone on 2 cores, far more when the machine is shared.
  }, 120_000);
});
