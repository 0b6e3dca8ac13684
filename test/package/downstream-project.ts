import { cp, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const repo = fileURLToPath(new URL('../..', import.meta.url));

// The downstream project's own files: all are copied, and its tsconfig type-checks every `.ts`.
const fixtures = fileURLToPath(new URL('fixtures/downstream', import.meta.url));

// The repo's own versions, so npm finds them in the cache its `npm install` just filled.
const toolchain = ['typescript', 'tsx', '@types/node'] as const;

// Nested npm calls must not inherit the outer `npm test`'s package and lifecycle settings.
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !/^npm_(package|lifecycle|config_local_prefix)/i.test(key),
  ),
);

async function installedVersion(name: string): Promise<string> {
  const manifest = await readFile(join(repo, 'node_modules', name, 'package.json'), 'utf8');
  return (JSON.parse(manifest) as { version: string }).version;
}

/** Packs the repo with `npm pack` (its `prepack` rebuilds `dist/`) into `dir`; returns the tarball. */
async function pack(dir: string): Promise<string> {
  await execa('npm', ['pack', '--silent', '--pack-destination', dir], {
    cwd: repo,
    env,
    extendEnv: false,
    timeout: 120_000,
  });
  const [tarball, ...more] = (await readdir(dir)).filter((name) => name.endsWith('.tgz'));
  if (tarball === undefined || more.length > 0) throw new Error(`expected one tarball in ${dir}`);
  return join(dir, tarball);
}

/**
 * A fresh project outside the repo with the packed leakproof and a TypeScript toolchain installed
 * from npm, as a downstream user would have it. Returns its directory (inside `base`).
 */
export async function createDownstreamProject(base: string): Promise<string> {
  const tarball = await pack(await mkdtemp(join(base, 'pack-')));
  const project = join(base, 'project');
  await cp(fixtures, project, { recursive: true });
  const tools = await Promise.all(
    toolchain.map(async (name) => `${name}@${await installedVersion(name)}`),
  );
  await execa(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--silent', tarball, ...tools],
    { cwd: project, env, extendEnv: false, timeout: 180_000 },
  );
  return project;
}

/** A temporary base directory for one downstream project. */
export function downstreamBase(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'leakproof-smoke-'));
}
