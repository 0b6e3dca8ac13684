import { mkdir, readdir, rmdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { directory, FileExistsError, ResourceScope, SymlinkRefusedError } from '../../src/index.js';
import { tempDir } from '../support/temp-dir.js';

describe('directory', () => {
  it('creates missing parents and removes exactly what it created on rollback', async () => {
    const root = await tempDir();
    const path = join(root, 'TASK-1', 'logs', 'deep');
    const scope = new ResourceScope();
    const handle = await scope.acquire(directory({ path }));
    expect((await stat(path)).isDirectory()).toBe(true);
    expect(handle.created.map((dir) => dir.path)).toEqual([
      join(root, 'TASK-1'),
      join(root, 'TASK-1', 'logs'),
      path,
    ]);
    await scope.rollback();
    expect(await readdir(root)).toEqual([]);
  });

  it('keeps a directory that already existed', async () => {
    const root = await tempDir();
    const scope = new ResourceScope();
    const handle = await scope.acquire(directory({ path: root }));
    expect(handle.created).toEqual([]);
    await scope.rollback();
    expect((await stat(root)).isDirectory()).toBe(true);
  });

  it('keeps a created directory that is no longer empty, and its parents', async () => {
    const root = await tempDir();
    const path = join(root, 'a', 'logs');
    const scope = new ResourceScope();
    await scope.acquire(directory({ path }));
    await writeFile(join(path, 'agent.log'), 'keep me');
    const report = await scope.rollback();
    expect(report.ok).toBe(true);
    expect(await readdir(path)).toEqual(['agent.log']);
  });

  it('treats an already-removed directory as released', async () => {
    const root = await tempDir();
    const path = join(root, 'logs');
    const scope = new ResourceScope();
    await scope.acquire(directory({ path }));
    await rmdir(path);
    expect((await scope.rollback()).ok).toBe(true);
  });

  it('does not remove a directory that replaced the one it created', async () => {
    const root = await tempDir();
    const path = join(root, 'logs');
    const scope = new ResourceScope();
    await scope.acquire(directory({ path }));
    await rmdir(path);
    await mkdir(path);
    await scope.rollback();
    expect((await stat(path)).isDirectory()).toBe(true);
  });

  it('refuses a symlink at the path or at a missing parent, touching nothing behind it', async () => {
    const root = await tempDir();
    const outside = await tempDir();
    await symlink(outside, join(root, 'link'));
    const scope = new ResourceScope();
    await expect(scope.acquire(directory({ path: join(root, 'link') }))).rejects.toBeInstanceOf(
      SymlinkRefusedError,
    );
    await expect(
      scope.acquire(directory({ path: join(root, 'link', 'sub') })),
    ).rejects.toBeInstanceOf(SymlinkRefusedError);
    expect(await readdir(outside)).toEqual([]);
  });

  it('refuses a regular file at the path', async () => {
    const root = await tempDir();
    await writeFile(join(root, 'logs'), 'file');
    const scope = new ResourceScope();
    await expect(scope.acquire(directory({ path: join(root, 'logs') }))).rejects.toBeInstanceOf(
      FileExistsError,
    );
  });
});
