import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { AgentRegistrySchema } from '../../src/registry/agent-registry-schema.js';
import { RegistryCorruptError } from '../../src/registry/registry-corrupt-error.js';
import { RegistryNotCorruptError } from '../../src/registry/registry-errors.js';
import { RegistryStore } from '../../src/registry/registry-store.js';
import { tempDir } from './temp-dir.js';

const valid = '{"agents":[],"active_count":0,"total_spawned":0}';
const badFiles = [
  { name: 'invalid JSON', bytes: '{"agents": [,]}', reason: 'invalid-json' },
  { name: 'a truncated file', bytes: valid.slice(0, 25), reason: 'invalid-json' },
  { name: 'an empty file', bytes: '', reason: 'empty' },
  { name: 'invalid UTF-8', bytes: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), reason: 'invalid-json' },
  {
    name: 'wrong types',
    bytes: '{"agents":{},"active_count":"3","total_spawned":0}',
    reason: 'schema',
    issuePath: ['agents'],
  },
  {
    name: 'a __proto__ key',
    bytes: '{"agents":[],"active_count":0,"total_spawned":0,"__proto__":{"polluted":true}}',
    reason: 'forbidden-key',
    issuePath: ['__proto__'],
  },
  {
    name: 'a nested constructor key',
    bytes:
      '{"agents":[{"id":"a","type":"t","status":"running","constructor":{"prototype":{}}}],"active_count":1,"total_spawned":1}',
    reason: 'forbidden-key',
    issuePath: ['agents', 0, 'constructor'],
  },
  { name: 'a file over the size cap', bytes: `${valid}${' '.repeat(2_000)}`, reason: 'too-large' },
] as const;

function store(path: string): RegistryStore<unknown> {
  return new RegistryStore({
    path,
    schema: AgentRegistrySchema,
    initial: () => ({ agents: [], active_count: 0, total_spawned: 0 }),
    maxBytes: 1_024,
  }) as RegistryStore<unknown>;
}

describe('bad registry files', () => {
  for (const bad of badFiles) {
    it(`${bad.name}: RegistryCorruptError (${bad.reason}); the file stays byte-identical`, async () => {
      const path = join(tempDir(), 'AGENT_REGISTRY.json');
      writeFileSync(path, bad.bytes);
      const before = readFileSync(path);
      const registry = store(path);
      for (const attempt of [registry.read(), registry.update((doc) => doc)]) {
        const error = await attempt.then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(RegistryCorruptError);
        expect(error).toMatchObject({ code: 'REGISTRY_CORRUPT', path, reason: bad.reason });
        expect((error as Error).message).toContain(path);
        if ('issuePath' in bad) {
          expect((error as RegistryCorruptError).issues[0]?.path).toEqual(bad.issuePath);
        }
      }
      expect(readFileSync(path).equals(before)).toBe(true);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('a FIFO or a directory at the path: RegistryCorruptError (not-a-file) at once, never a hang', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'AGENT_REGISTRY.json');
    // Opening a FIFO for reading blocks until a writer comes, unless opened non-blocking.
    await execa('mkfifo', [fifo], { timeout: 5_000 });
    const folder = join(dir, 'GLOBAL_REGISTRY.json');
    mkdirSync(folder);
    for (const path of [fifo, folder]) {
      const registry = store(path);
      for (const attempt of [registry.read(), registry.update((doc) => doc)]) {
        await expect(attempt).rejects.toMatchObject({
          code: 'REGISTRY_CORRUPT',
          reason: 'not-a-file',
        });
      }
    }
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('quarantine() moves a corrupt file aside, after which updates start from initial()', async () => {
    const path = join(tempDir(), 'AGENT_REGISTRY.json');
    writeFileSync(path, '{"agents": [');
    const registry = store(path);
    const movedTo = await registry.quarantine();
    expect(movedTo).toMatch(/AGENT_REGISTRY\.json\.corrupt-/);
    expect(readFileSync(movedTo as string, 'utf8')).toBe('{"agents": [');
    expect(existsSync(path)).toBe(false);
    await registry.update((doc) => doc);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(JSON.parse(valid));
  });

  it('quarantine() refuses a valid file and does nothing without one', async () => {
    const path = join(tempDir(), 'AGENT_REGISTRY.json');
    const registry = store(path);
    expect(await registry.quarantine()).toBeUndefined();
    writeFileSync(path, valid);
    await expect(registry.quarantine()).rejects.toBeInstanceOf(RegistryNotCorruptError);
    expect(readFileSync(path, 'utf8')).toBe(valid);
  });
});
