import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temp dir with one pre-existing file, `blocker`, that no check may touch or count. */
export interface FileWorld extends AsyncDisposable {
  readonly dir: string;
  /** Holds `blocker\n`. */
  readonly blocker: string;
  /** Every path under `dir` except `blocker`, relative, sorted. */
  leftovers(): Promise<string[]>;
}

/** Creates a {@link FileWorld}. */
export async function fileWorld(): Promise<FileWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'leakproof-contract-'));
  const blocker = join(dir, 'blocker');
  await writeFile(blocker, 'blocker\n');
  return {
    dir,
    blocker,
    leftovers: async () =>
      (await readdir(dir, { recursive: true }))
        .map(String)
        .filter((name) => name !== 'blocker')
        .sort(),
    [Symbol.asyncDispose]: () => rm(dir, { recursive: true, force: true }),
  };
}
