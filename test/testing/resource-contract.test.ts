import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/index.js';
import {
  type ContractWorld,
  type ResourceKindUnderTest,
  resourceContract,
} from '../../src/testing/index.js';

/** How a made-up in-memory kind misbehaves. */
type Flaw = 'none' | 'release-keeps' | 'second-release-throws' | 'gone-throws' | 'acquire-leaks';

/** An in-memory kind: acquire adds a name to a set, release deletes it, each with its flaw. */
function kindWith(flaw: Flaw): ResourceKindUnderTest<string> {
  return {
    name: flaw,
    setup: async () => {
      const things = new Set<string>();
      const released = new Set<string>();
      let n = 0;
      const resource = (fail: boolean): Resource<string> => ({
        kind: 'thing',
        acquire: async () => {
          const name = `thing-${++n}`;
          if (fail && flaw === 'acquire-leaks') things.add(name);
          if (fail) throw new Error('acquire failed');
          things.add(name);
          return name;
        },
        release: async (name) => {
          if (flaw === 'release-keeps') return;
          if (flaw === 'second-release-throws' && released.has(name)) throw new Error('twice');
          if (flaw === 'gone-throws' && !things.has(name)) throw new Error('gone');
          things.delete(name);
          released.add(name);
        },
      });
      const world: ContractWorld<string> = {
        resource: () => resource(false),
        failingResource: async () => resource(true),
        destroy: async (name) => {
          things.delete(name);
        },
        leftovers: async () => [...things],
        [Symbol.asyncDispose]: async () => undefined,
      };
      return world;
    },
  };
}

/** Runs every check; returns the names of the failing ones, without the kind prefix. */
async function failingChecks(flaw: Flaw): Promise<string[]> {
  const failed: string[] = [];
  for (const check of resourceContract(kindWith(flaw))) {
    await check.run().catch(() => failed.push(check.name.slice(flaw.length + 2)));
  }
  return failed;
}

describe('resourceContract', () => {
  it('lists four named checks, five with crash recovery', () => {
    const names = resourceContract(kindWith('none')).map((check) => check.name);
    expect(names).toEqual([
      'none: acquire then release leaves nothing',
      'none: release twice is harmless',
      'none: release of something already gone succeeds',
      'none: a failed acquire leaves nothing',
    ]);
    const crashing = { ...kindWith('none'), crash: async () => undefined };
    expect(resourceContract(crashing).at(-1)?.name).toBe(
      'none: recover() after a SIGKILL leaves nothing',
    );
  });

  it.each([
    ['none', []],
    [
      'release-keeps',
      [
        'acquire then release leaves nothing',
        'release twice is harmless',
        // Destroyed out-of-band, so nothing is left even though release did nothing.
      ],
    ],
    ['second-release-throws', ['release twice is harmless']],
    // A second release meets an already gone thing too.
    ['gone-throws', ['release twice is harmless', 'release of something already gone succeeds']],
    ['acquire-leaks', ['a failed acquire leaves nothing']],
  ] as const)('catches a kind whose flaw is %s', async (flaw, expected) => {
    expect(await failingChecks(flaw)).toEqual(expected);
  });
});
