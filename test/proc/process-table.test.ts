import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ProcUnavailableError } from '../../src/proc/proc-errors.js';
import { defaultProcReader } from '../../src/proc/proc-reader.js';
import { scanProcesses } from '../../src/proc/process-table.js';
import { descendantsOf, withMarker } from '../../src/proc/process-tree.js';
import { waitFor } from '../support/wait-for.js';

describe('scanProcesses', () => {
  it('finds this process and a marked child tree in one scan', async () => {
    const marker = randomUUID();
    // bash → sleep: a child and a grandchild, both inheriting the marker.
    const child = spawn('bash', ['-c', 'sleep 30 & wait'], {
      env: { ...process.env, LEAKPROOF_TEST_MARKER: marker },
      stdio: 'ignore',
    });
    onTestFinished(() => void child.kill('SIGKILL'));
    const table = await waitFor('the grandchild', async () => {
      const scanned = await scanProcesses({ markerName: 'LEAKPROOF_TEST_MARKER' });
      return withMarker(scanned, marker).length === 2 ? scanned : undefined;
    });
    expect(table.get(process.pid)?.ppid).toBe(process.ppid);
    const tree = descendantsOf(table, process.pid).map((entry) => entry.pid);
    expect(tree).toContain(child.pid);
    const marked = withMarker(table, marker);
    expect(marked.map((entry) => entry.pid)).toContain(child.pid);
    expect(marked.every((entry) => tree.includes(entry.pid))).toBe(true);
    child.kill('SIGKILL');
    // The grandchild outlives bash; clean it up through the scan.
    for (const entry of marked) if (entry.pid !== child.pid) process.kill(entry.pid, 'SIGKILL');
  });

  it('skips processes that vanish mid-scan and malformed stat files', async () => {
    const reader = {
      ...defaultProcReader,
      listPids: async () => [10, 11, 12],
      readStat: async (pid: number) =>
        pid === 10 ? `10 (a) S 1 10 10 ${'0 '.repeat(15)}555 0` : pid === 11 ? undefined : 'junk',
    };
    const table = await scanProcesses({ reader });
    expect([...table.keys()]).toEqual([10]);
    expect(table.get(10)?.startTime).toBe(555);
  });

  it('fails with a typed error when /proc cannot be listed', async () => {
    const reader = { ...defaultProcReader, listPids: () => Promise.reject(new Error('ENOENT')) };
    await expect(scanProcesses({ reader })).rejects.toBeInstanceOf(ProcUnavailableError);
  });
});
