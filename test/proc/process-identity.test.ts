import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parseStat } from '../../src/proc/parse-stat.js';
import { ProcUnavailableError } from '../../src/proc/proc-errors.js';
import { defaultProcReader } from '../../src/proc/proc-reader.js';
import {
  isAlive,
  readBootId,
  readStartTime,
  readZombieExitStatus,
} from '../../src/proc/process-identity.js';
import { waitFor } from '../support/wait-for.js';

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

  it('reads the exit status of a zombie nobody reaped, and nothing for a live process', async () => {
    // The parent execs `sleep`, which never waits: the child, exiting later, stays a zombie.
    const parent = spawn('bash', ['-c', 'sh -c "sleep 0.3; exit 42" & echo $!; exec sleep 30'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    onTestFinished(() => void parent.kill('SIGKILL'));
    const pid = await new Promise<number>((resolve) =>
      parent.stdout.once('data', (d) => resolve(Number(String(d)))),
    );
    const zombie = await waitFor('the zombie', () => {
      const stat = parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      return stat?.state === 'Z' ? stat : undefined;
    });
    expect(await readZombieExitStatus({ pid, startTime: zombie.startTime })).toBe(42);
    expect(await readZombieExitStatus({ pid, startTime: zombie.startTime + 1 })).toBeUndefined();
    const me = { pid: process.pid, startTime: (await readStartTime(process.pid)) as number };
    expect(await readZombieExitStatus(me)).toBeUndefined();
  });
});
