import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const testingDir = join(import.meta.dirname, '..', '..', 'src', 'testing');

describe('leakproof/testing', () => {
  it('imports no test framework, so vitest, node:test and others can all use it', async () => {
    const files = (await readdir(testingDir)).filter((name) => name.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const source = await readFile(join(testingDir, file), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
      const frameworks = imports.filter((name) =>
        /^(vitest|node:test|jest|mocha|@jest\/|ava|tap)(\/|$)/.test(name ?? ''),
      );
      expect(frameworks, file).toEqual([]);
    }
  });
});
