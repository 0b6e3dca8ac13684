import { describe, expect, it } from 'vitest';
import { ResourceScope, type ScopeEvent } from '../../src/index.js';
import { recordingResource } from '../support/recording-resource.js';

describe('ResourceScope rollback', () => {
  it('releases in reverse order of acquisition', async () => {
    const log: string[] = [];
    const scope = new ResourceScope({ name: 'order' });
    for (const name of ['a', 'b', 'c']) await scope.acquire(recordingResource(name, log));
    const report = await scope.rollback('test');
    expect(log).toEqual([
      'acquire:a',
      'acquire:b',
      'acquire:c',
      'release:c',
      'release:b',
      'release:a',
    ]);
    expect(report.entries.map((entry) => [entry.label, entry.status])).toEqual([
      ['c', 'released'],
      ['b', 'released'],
      ['a', 'released'],
    ]);
    expect(report.ok).toBe(true);
    expect(scope.state).toBe('rolled-back');
  });

  it('attempts every release when some throw synchronously or reject, and reports each', async () => {
    const log: string[] = [];
    const scope = new ResourceScope();
    await scope.acquire(recordingResource('a', log));
    await scope.acquire(recordingResource('sync', log, 'throw-sync'));
    await scope.acquire(recordingResource('b', log));
    await scope.acquire(recordingResource('async', log, 'reject'));
    const report = await scope.rollback();
    expect(log.filter((line) => line.startsWith('release:'))).toEqual([
      'release:async',
      'release:b',
      'release:sync',
      'release:a',
    ]);
    expect(report.ok).toBe(false);
    expect(report.entries.map((entry) => entry.status)).toEqual([
      'failed',
      'released',
      'failed',
      'released',
    ]);
    expect(report.entries[0]?.error).toEqual({ name: 'Error', message: 'async failure in async' });
    expect(report.entries[2]?.error?.message).toBe('sync failure in sync');
  });

  it('cuts a hanging release off at its timeout, aborts its signal and goes on', async () => {
    const log: string[] = [];
    const scope = new ResourceScope({ releaseTimeoutMs: 50 });
    await scope.acquire(recordingResource('a', log));
    await scope.acquire(recordingResource('stuck', log, 'hang'));
    const report = await scope.rollback();
    expect(report.entries.map((entry) => [entry.label, entry.status])).toEqual([
      ['stuck', 'timed-out'],
      ['a', 'released'],
    ]);
    expect(report.entries[0]?.error?.code).toBe('RELEASE_TIMEOUT');
    expect(report.entries[0]?.durationMs).toBeGreaterThanOrEqual(45);
    expect(log).toContain('aborted:stuck');
    expect(log.indexOf('aborted:stuck')).toBeLessThan(log.indexOf('release:a'));
  });

  it('shares one rollback between concurrent and repeated calls, including disposal', async () => {
    const log: string[] = [];
    const scope = new ResourceScope();
    await scope.acquire(recordingResource('a', log));
    const first = scope.rollback('one');
    const second = scope.rollback('two');
    const disposal = scope[Symbol.asyncDispose]();
    expect(second).toBe(first);
    await disposal;
    const [a, b] = await Promise.all([first, second]);
    expect(a).toBe(b);
    expect(await scope.rollback('three')).toBe(a);
    expect(log.filter((line) => line === 'release:a')).toHaveLength(1);
    expect(a.reason).toBe('one');
  });

  it('returns a JSON-serialisable report naming the scope and the reason', async () => {
    const scope = new ResourceScope({ name: 'deploy a1' });
    await scope.acquire(recordingResource('x', [], 'reject'));
    const report = await scope.rollback(new TypeError('step 3 failed'));
    const roundTripped = JSON.parse(JSON.stringify(report));
    expect(roundTripped).toEqual(report);
    expect(report).toMatchObject({
      scope: 'deploy a1',
      reason: 'TypeError: step 3 failed',
      ok: false,
    });
  });

  it('lists what a rollback would release with pending(), newest first', async () => {
    const scope = new ResourceScope();
    await scope.acquire(recordingResource('a', []));
    scope.defer(() => {}, 'cleanup');
    expect(scope.pending()).toEqual([
      { kind: 'deferred', label: 'cleanup' },
      { kind: 'test', label: 'a' },
    ]);
    await scope.rollback();
    expect(scope.pending()).toEqual([]);
  });

  it('runs use(), adopt() and defer() releases in the same reverse order', async () => {
    const log: string[] = [];
    const scope = new ResourceScope();
    scope.use({ [Symbol.dispose]: () => log.push('sync-disposable') });
    scope.use({ [Symbol.asyncDispose]: async () => void log.push('async-disposable') });
    scope.use(null);
    expect(scope.adopt(7, (value) => log.push(`adopted:${value}`))).toBe(7);
    scope.defer(() => log.push('deferred'));
    await scope.rollback();
    expect(log).toEqual(['deferred', 'adopted:7', 'async-disposable', 'sync-disposable']);
  });

  it('emits acquire, release and rollback events in order', async () => {
    const events: ScopeEvent[] = [];
    const scope = new ResourceScope({ name: 's', onEvent: (event) => events.push(event) });
    await scope.acquire(recordingResource('a', []));
    await scope.rollback();
    expect(events.map((event) => event.type)).toEqual(['acquire', 'release', 'rollback']);
    expect(events[1]).toMatchObject({ scope: 's', kind: 'test', label: 'a', status: 'released' });
  });

  it('rolls back when its signal aborts and cancels a running acquire', async () => {
    const controller = new AbortController();
    const log: string[] = [];
    const scope = new ResourceScope({ signal: controller.signal });
    await scope.acquire(recordingResource('a', log));
    let sawAbort = false;
    const slow = scope.acquire({
      kind: 'slow',
      acquire: ({ signal }) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            sawAbort = true;
            reject(signal.reason);
          });
        }),
      release: async () => {},
    });
    controller.abort(new Error('shutdown'));
    await expect(slow).rejects.toThrow('shutdown');
    const report = await scope.rollback();
    expect(sawAbort).toBe(true);
    expect(report.reason).toBe('Error: shutdown');
    expect(log).toContain('release:a');
  });
});
