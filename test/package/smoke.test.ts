import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDownstreamProject, downstreamBase } from './downstream-project.js';

/**
 * How each file of `fixtures/downstream/` runs; each must exit 0 and print `ok` last. A new entry
 * point (a subpath export) gets its own fixture file there and one line here.
 */
interface DownstreamRun {
  readonly file: string;
  /** `tsx` for TypeScript as most users run it; `node` for plain JavaScript, nothing down-levelled. */
  readonly runner: 'tsx' | 'node';
  /** Needs the runtime's own `using` / `await using` (Node ≥ 24). */
  readonly nativeUsing?: boolean;
}

const runs: readonly DownstreamRun[] = [
  { file: 'scope.ts', runner: 'tsx' },
  { file: 'testing-kit.ts', runner: 'tsx' },
  { file: 'native-await-using.mjs', runner: 'node', nativeUsing: true },
];

const nodeMajor = Number(process.versions.node.split('.')[0]);
// The Node ≥ 24 pass of scripts/test-node-versions.sh sets this, so the native run cannot be skipped there.
const nativeRequired = process.env.LEAKPROOF_REQUIRE_NATIVE_USING === '1';
const hasNativeUsing = nodeMajor >= 24 || nativeRequired;

describe('the packed package, installed into a fresh project', () => {
  let base = '';
  let project = '';

  beforeAll(async () => {
    base = await downstreamBase();
    project = await createDownstreamProject(base);
  }, 300_000);

  afterAll(async () => {
    if (base !== '') await rm(base, { recursive: true, force: true });
  });

  it('type-checks against the installed types', async () => {
    const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await execa(process.execPath, [tsc, '-p', project], {
      cwd: project,
      reject: false,
      timeout: 60_000,
    });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });

  for (const { file, runner, nativeUsing = false } of runs) {
    it.runIf(!nativeUsing || hasNativeUsing)(`runs ${file} with ${runner}`, async () => {
      const args = runner === 'tsx' ? ['--import', 'tsx', file] : [file];
      const result = await execa(process.execPath, args, {
        cwd: project,
        reject: false,
        timeout: 60_000,
      });
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
      expect(result.stdout.trim().split('\n').at(-1)).toBe('ok');
    });
  }
});
