import { describe, expect, it } from 'vitest';
import { type Resource, ResourceScope, ScopeClosedError } from '../../src/index.js';
import { captureWarnings } from '../support/expect-warning.js';
import { recordingResource } from '../support/recording-resource.js';

/** A resource whose acquire finishes only when the test calls `finish()`. */
function gatedResource(log: string[]): { resource: Resource<string>; finish: () => void } {
  let finish: () => void = () => {};
  const resource: Resource<string> = {
    kind: 'slow',
    label: 'slow',
    acquire: () => new Promise<string>((resolve) => (finish = () => resolve('slow'))),
    release: async (value) => void log.push(`release:${value}`),
  };
  return { resource, finish: () => finish() };
}

describe('a scope that is no longer open', () => {
  it('refuses acquire without acquiring anything', async () => {
    for (const close of [(s: ResourceScope) => s.commit(), (s: ResourceScope) => s.rollback()]) {
      const log: string[] = [];
      const scope = new ResourceScope();
      await close(scope);
      await expect(scope.acquire(recordingResource('late', log))).rejects.toBeInstanceOf(
        ScopeClosedError,
      );
      expect(log).toEqual([]);
    }
  });

  it('runs adopt() and defer() releases at once, then throws', async () => {
    const log: string[] = [];
    const scope = new ResourceScope();
    await scope.rollback();
    expect(() => scope.adopt('x', (value) => log.push(`adopted:${value}`))).toThrow(
      ScopeClosedError,
    );
    expect(() => scope.defer(() => log.push('deferred'))).toThrow(ScopeClosedError);
    expect(() => scope.use({ [Symbol.dispose]: () => log.push('used') })).toThrow(ScopeClosedError);
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['adopted:x', 'deferred', 'used']);
  });

  it('warns when such an immediate release fails, since no report will carry it', async () => {
    const warnings = captureWarnings('LEAKPROOF_LATE_RELEASE');
    const scope = new ResourceScope();
    await scope.commit();
    expect(() =>
      scope.defer(() => {
        throw new Error('boom');
      }),
    ).toThrow(ScopeClosedError);
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.map((warning) => warning.message)).toEqual([expect.stringContaining('boom')]);
  });

  it('releases what an acquire returns after the scope closed under it', async () => {
    const log: string[] = [];
    const scope = new ResourceScope();
    const { resource, finish } = gatedResource(log);
    const pending = scope.acquire(resource);
    await scope.commit();
    finish();
    await expect(pending).rejects.toBeInstanceOf(ScopeClosedError);
    expect(log).toEqual(['release:slow']);
  });

  it('waits for an in-flight acquire during rollback and releases its result first', async () => {
    const log: string[] = [];
    const scope = new ResourceScope();
    await scope.acquire(recordingResource('a', log));
    const { resource, finish } = gatedResource(log);
    const pending = scope.acquire(resource);
    const rollback = scope.rollback();
    finish();
    await expect(pending).rejects.toBeInstanceOf(ScopeClosedError);
    const report = await rollback;
    expect(report.entries.map((entry) => entry.label)).toEqual(['slow', 'a']);
    expect(log).toEqual(['acquire:a', 'release:slow', 'release:a']);
  });

  it('refuses to commit after a rollback, and treats a second commit as done', async () => {
    const rolled = new ResourceScope();
    await rolled.rollback();
    await expect(rolled.commit()).rejects.toBeInstanceOf(ScopeClosedError);
    const committed = new ResourceScope();
    await committed.commit();
    await expect(committed.commit()).resolves.toBeUndefined();
    expect((await committed.rollback()).entries).toEqual([]);
  });

  it('registers nothing when acquire throws', async () => {
    const scope = new ResourceScope();
    await expect(
      scope.acquire({
        kind: 'broken',
        acquire: async () => {
          throw new Error('cannot');
        },
        release: async () => {},
      }),
    ).rejects.toThrow('cannot');
    expect(scope.pending()).toEqual([]);
    expect(scope.state).toBe('open');
  });
});
