import { describe, expect, it } from 'vitest';
import { ProcUnavailableError } from '../../src/proc/proc-errors.js';
import { defaultProcReader } from '../../src/proc/proc-reader.js';
import { isAlive, readBootId, readStartTime } from '../../src/proc/process-identity.js';

describe('process identity', () => {
  it('reads the start time of a live process and nothing for a missing pid', async () => {
    expect(await readStartTime(process.pid)).toBeGreaterThan(0);
    expect(await readStartTime(2 ** 22 + 1)).toBeUndefined();
  });

  it('is alive only with the same start time', async () => {
    const startTime = (await readStartTime(process.pid)) as number;
    expect(await isAlive({ pid: process.pid, startTime })).toBe(true);
    expect(await isAlive({ pid: process.pid, startTime: startTime + 1 })).toBe(false);
  });

  it('reads the boot id, and wraps a failure in a typed error', async () => {
    expect(await readBootId()).toMatch(/^[0-9a-f-]{36}$/);
    const broken = { ...defaultProcReader, readBootId: () => Promise.reject(new Error('EACCES')) };
    await expect(readBootId(broken)).rejects.toBeInstanceOf(ProcUnavailableError);
  });
});
