import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/** A fresh temp directory removed after the test (cleanup registered before any assertion). */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'leakproof-registry-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
