import {
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  symlink,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FileExistsError,
  InvalidOptionError,
  promptFile,
  ResourceScope,
  SymlinkRefusedError,
} from '../../src/index.js';
import { tempDir } from '../support/temp-dir.js';

describe('promptFile', () => {
  it('writes the whole content with mode 0600 regardless of the umask, leaving no temp file', async () => {
    const dir = await tempDir();
    const path = join(dir, 'agent_prompt_a1.txt');
    const previous = process.umask(0o077);
    try {
      await using scope = new ResourceScope();
      const handle = await scope.acquire(promptFile({ path, content: 'Fix issue #12\n' }));
      expect(handle.path).toBe(path);
      expect(await readFile(path, 'utf8')).toBe('Fix issue #12\n');
      expect((await lstat(path)).mode & 0o777).toBe(0o600);
      expect(await readdir(dir)).toEqual(['agent_prompt_a1.txt']);
      await scope.commit();
    } finally {
      process.umask(previous);
    }
    expect(await readFile(path, 'utf8')).toBe('Fix issue #12\n');
  });

  it('applies a caller-given mode literally, even bits the umask would drop', async () => {
    const dir = await tempDir();
    const path = join(dir, 'p.txt');
    await using scope = new ResourceScope();
    await scope.acquire(promptFile({ path, content: new Uint8Array([1, 2, 3]), mode: 0o664 }));
    expect((await lstat(path)).mode & 0o777).toBe(0o664);
    expect([...(await readFile(path))]).toEqual([1, 2, 3]);
  });

  it('is removed by rollback', async () => {
    const dir = await tempDir();
    const path = join(dir, 'p.txt');
    const scope = new ResourceScope();
    await scope.acquire(promptFile({ path, content: 'x' }));
    const report = await scope.rollback();
    expect(report.ok).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses to clobber an existing file and leaves it byte-identical', async () => {
    const dir = await tempDir();
    const path = join(dir, 'p.txt');
    await writeFile(path, 'theirs');
    const scope = new ResourceScope();
    await expect(scope.acquire(promptFile({ path, content: 'ours' }))).rejects.toBeInstanceOf(
      FileExistsError,
    );
    expect(await readFile(path, 'utf8')).toBe('theirs');
    expect(await readdir(dir)).toEqual(['p.txt']);
    expect(scope.pending()).toEqual([]);
  });

  it('refuses a symlink in place of the file, even a dangling one, and never writes through it', async () => {
    const dir = await tempDir();
    const outside = await tempDir();
    const target = join(outside, 'victim.txt');
    const path = join(dir, 'p.txt');
    await symlink(target, path);
    const scope = new ResourceScope();
    const error = await scope
      .acquire(promptFile({ path, content: 'ours' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SymlinkRefusedError);
    expect((error as SymlinkRefusedError).code).toBe('SYMLINK_REFUSED');
    expect(await readdir(outside)).toEqual([]);
    expect(await readlink(path)).toBe(target);
  });

  it('treats an already-removed file as released', async () => {
    const dir = await tempDir();
    const path = join(dir, 'p.txt');
    const scope = new ResourceScope();
    await scope.acquire(promptFile({ path, content: 'x' }));
    await unlink(path);
    const report = await scope.rollback();
    expect(report.entries[0]?.status).toBe('released');
  });

  it('leaves a file that replaced ours in place on release', async () => {
    const dir = await tempDir();
    const path = join(dir, 'p.txt');
    const scope = new ResourceScope();
    await scope.acquire(promptFile({ path, content: 'ours' }));
    await unlink(path);
    await writeFile(path, 'someone else');
    await scope.rollback();
    expect(await readFile(path, 'utf8')).toBe('someone else');
  });

  it('releases idempotently', async () => {
    const dir = await tempDir();
    const resource = promptFile({ path: join(dir, 'p.txt'), content: 'x' });
    const handle = await resource.acquire({
      signal: new AbortController().signal,
      intend: async () => {},
    });
    const ctx = { reason: 'rollback' as const, signal: new AbortController().signal };
    await resource.release(handle, ctx);
    await resource.release(handle, ctx);
    expect(await readdir(dir)).toEqual([]);
  });

  it('fails with a typed error and leaves nothing when the directory is missing', async () => {
    const dir = await tempDir();
    const scope = new ResourceScope();
    await expect(
      scope.acquire(promptFile({ path: join(dir, 'missing', 'p.txt'), content: 'x' })),
    ).rejects.toMatchObject({ code: 'FS_ERROR' });
    expect(await readdir(dir)).toEqual([]);
  });

  it.each([
    [{ path: 'relative.txt', content: '' }, 'path'],
    [{ path: '/tmp/../etc/passwd', content: '' }, 'path'],
    [{ path: '/tmp/x', content: 42 }, 'content'],
    [{ path: '/tmp/x', content: '', mode: -1 }, 'mode'],
  ])('rejects bad options %j before touching anything', (options, option) => {
    expect(() => promptFile(options as never)).toThrow(InvalidOptionError);
    expect(() => promptFile(options as never)).toThrow(`\`${option}\``);
  });

  it('does not create anything when the path is a directory', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'p.txt'));
    const scope = new ResourceScope();
    await expect(
      scope.acquire(promptFile({ path: join(dir, 'p.txt'), content: 'x' })),
    ).rejects.toBeInstanceOf(FileExistsError);
    expect(await readdir(dir)).toEqual(['p.txt']);
  });
});
