import { describe, expect, it, vi } from 'vitest';
import { InvalidOptionError } from '../../src/errors/invalid-option-error.js';
import { ProcessSurvivedError } from '../../src/proc/proc-errors.js';
import { defaultProcReader, type ProcReader } from '../../src/proc/proc-reader.js';
import { isAlive } from '../../src/proc/process-identity.js';
import { terminate } from '../../src/proc/terminate.js';
import { spawnFixture } from '../support/spawn-fixture.js';

/** A fake /proc where `pid` is alive with `startTime` as long as `alive()` says so. */
function fakeProc(pid: number, startTime: () => number, alive: () => boolean): ProcReader {
  return {
    ...defaultProcReader,
    readStat: async (asked) =>
      asked === pid && alive()
        ? `${pid} (fake) S 1 ${pid} ${pid} ${'0 '.repeat(15)}${startTime()} 0`
        : undefined,
  };
}

describe('terminate', () => {
  it('ends a cooperative process with SIGTERM alone', async () => {
    const { identity } = await spawnFixture('print-ready.sh');
    const report = await terminate([identity], { graceMs: 2_000 });
    expect(report.terminated).toEqual([identity]);
    expect(report.killed).toEqual([]);
    expect(await isAlive(identity)).toBe(false);
  });

  it('SIGKILLs a process that ignores SIGTERM after the grace period', async () => {
    const { identity } = await spawnFixture('ignore-term.sh');
    const report = await terminate([identity], { graceMs: 100 });
    expect(report.killed).toEqual([identity]);
    expect(await isAlive(identity)).toBe(false);
  });

  it('never signals a recycled pid (start time changed since the scan)', async () => {
    const kill = vi.fn();
    const reader = fakeProc(
      4242,
      () => 999,
      () => true,
    );
    const report = await terminate([{ pid: 4242, startTime: 111 }], { reader, kill });
    expect(kill).not.toHaveBeenCalled();
    expect(report.skipped).toEqual([{ pid: 4242, startTime: 111 }]);
  });

  it('re-checks the start time before SIGKILL too', async () => {
    const kill = vi.fn();
    let recycled = false;
    // Survives SIGTERM, then its pid is reused by another process before the SIGKILL.
    const reader = fakeProc(
      4243,
      () => (recycled ? 999 : 111),
      () => true,
    );
    const pending = terminate([{ pid: 4243, startTime: 111 }], { reader, kill, graceMs: 5_000 });
    await vi.waitFor(() => expect(kill).toHaveBeenCalledWith(4243, 'SIGTERM'));
    recycled = true;
    await pending;
    expect(kill.mock.calls).toEqual([[4243, 'SIGTERM']]);
  });

  it('never signals pid 1, itself, its parent or protected pids', async () => {
    const kill = vi.fn();
    const targets = [1, 0, process.pid, process.ppid, 777].map((pid) => ({ pid, startTime: 1 }));
    const reader = fakeProc(
      777,
      () => 1,
      () => true,
    );
    const report = await terminate(targets, { reader, kill, protectedPids: [777] });
    expect(kill).not.toHaveBeenCalled();
    expect(report.skipped).toHaveLength(5);
  });

  it('reports survivors of SIGKILL with a typed error', async () => {
    const reader = fakeProc(
      4244,
      () => 5,
      () => true,
    );
    const error = await terminate([{ pid: 4244, startTime: 5 }], {
      reader,
      kill: () => undefined,
      graceMs: 10,
      killWaitMs: 10,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProcessSurvivedError);
    expect((error as ProcessSurvivedError).survivors).toEqual([{ pid: 4244, startTime: 5 }]);
  });

  it('validates its options', async () => {
    await expect(terminate([], { graceMs: -1 })).rejects.toBeInstanceOf(InvalidOptionError);
  });
});
