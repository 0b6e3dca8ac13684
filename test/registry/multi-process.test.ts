import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentRegistrySchema } from '../../src/registry/agent-registry-schema.js';
import { RegistryStore } from '../../src/registry/registry-store.js';
import { startFixture } from '../support/fixture-process.js';
import { tempDir } from './temp-dir.js';

const writers = 8;
const updatesEach = 100;

describe('RegistryStore across processes', () => {
  it(`${writers} writers × ${updatesEach} updates lose nothing; a reader never sees a bad file`, async () => {
    const dir = tempDir();
    const path = join(dir, 'AGENT_REGISTRY.json');
    const reader = startFixture('registry/reader', [path], { timeout: 60_000 });
    const runs = Array.from({ length: writers }, (_, k) =>
      startFixture('registry/writer', [path, `w${k}`, String(updatesEach), k % 2 ? '4' : '1'], {
        timeout: 60_000,
      }),
    );
    await Promise.all(runs);
    reader.stdin?.end();
    const seen = JSON.parse((await reader).stdout) as { reads: number; failures: number };

    const registry = await new RegistryStore({
      path,
      schema: AgentRegistrySchema,
      initial: () => ({ agents: [], active_count: 0, total_spawned: 0 }),
    }).read();
    const ids = new Set(registry.agents.map((agent) => agent.id));
    const expected = Array.from({ length: writers * updatesEach }, (_, i) => {
      return `w${Math.floor(i / updatesEach)}-${i % updatesEach}`;
    });
    expect(expected.filter((id) => !ids.has(id))).toEqual([]);
    expect(registry.agents).toHaveLength(writers * updatesEach);
    expect(registry.total_spawned).toBe(writers * updatesEach);
    expect(registry.active_count).toBe(writers * updatesEach);
    expect(seen.failures).toBe(0);
    expect(seen.reads).toBeGreaterThan(0);
    expect(readdirSync(dir).sort()).toEqual(['AGENT_REGISTRY.json']);
  });
});
