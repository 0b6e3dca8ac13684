import { describe, expect, it } from 'vitest';
import { ResourceScope } from '../../src/index.js';
import { recordingResource } from '../support/recording-resource.js';

describe('child scopes and move()', () => {
  it("hands a committed child's releases to the parent, at the child's position", async () => {
    const log: string[] = [];
    const parent = new ResourceScope({ name: 'parent' });
    await parent.acquire(recordingResource('p1', log));
    const child = parent.child('step');
    expect(child.name).toBe('parent/step');
    await child.acquire(recordingResource('c1', log));
    await parent.acquire(recordingResource('p2', log));
    await child.acquire(recordingResource('c2', log));
    await child.commit();
    expect(child.state).toBe('committed');
    expect(parent.pending().map((p) => p.label)).toEqual(['p2', 'c2', 'c1', 'p1']);
    await parent.rollback();
    expect(log.filter((line) => line.startsWith('release'))).toEqual([
      'release:p2',
      'release:c2',
      'release:c1',
      'release:p1',
    ]);
  });

  it("releases only the child's own resources when the child rolls back", async () => {
    const log: string[] = [];
    const parent = new ResourceScope();
    await parent.acquire(recordingResource('p1', log));
    const child = parent.child('step');
    await child.acquire(recordingResource('c1', log));
    await child.rollback();
    expect(log).toEqual(['acquire:p1', 'acquire:c1', 'release:c1']);
    expect(parent.pending().map((p) => p.label)).toEqual(['p1']);
    expect(parent.state).toBe('open');
  });

  it('rolls back a still-open child as part of the parent, in order', async () => {
    const log: string[] = [];
    const parent = new ResourceScope();
    await parent.acquire(recordingResource('p1', log));
    const child = parent.child('step');
    await child.acquire(recordingResource('c1', log));
    await parent.acquire(recordingResource('p2', log));
    const report = await parent.rollback();
    expect(report.entries.map((entry) => entry.label)).toEqual(['p2', 'c1', 'p1']);
    expect(child.state).toBe('rolled-back');
  });

  it("keeps a grandchild's releases when both child and grandchild commit", async () => {
    const log: string[] = [];
    const parent = new ResourceScope();
    const child = parent.child('a');
    const grandchild = child.child('b');
    await child.commit();
    await grandchild.acquire(recordingResource('g', log));
    await grandchild.commit();
    expect(parent.pending().map((p) => p.label)).toEqual(['g']);
    await parent.rollback();
    expect(log).toEqual(['acquire:g', 'release:g']);
  });

  it('move() transfers every pending release to a new scope and closes the old one', async () => {
    const log: string[] = [];
    const scope = new ResourceScope({ name: 'old' });
    await scope.acquire(recordingResource('a', log));
    await scope.acquire(recordingResource('b', log));
    const moved = scope.move();
    expect(scope.state).toBe('committed');
    expect(scope.pending()).toEqual([]);
    expect((await scope.rollback()).entries).toEqual([]);
    expect(moved.pending().map((p) => p.label)).toEqual(['b', 'a']);
    await moved.rollback();
    expect(log.slice(2)).toEqual(['release:b', 'release:a']);
  });

  it('detaches a moved child from its parent', async () => {
    const log: string[] = [];
    const parent = new ResourceScope();
    const child = parent.child('c');
    await child.acquire(recordingResource('c1', log));
    const moved = child.move();
    await parent.rollback();
    expect(log).toEqual(['acquire:c1']);
    await moved.rollback();
    expect(log).toEqual(['acquire:c1', 'release:c1']);
  });
});
