// The registry implementations the benchmark compares, each as "open a file, then update it".
// Every update bumps `total` and this writer's own counter, so lost updates can be counted.
import { readFile } from 'node:fs/promises';
import lockfile from 'proper-lockfile';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { defineRegistryOperation } from '../../src/registry/registry-operation.js';
import { RegistryStore } from '../../src/registry/registry-store.js';

/** The benchmark document. */
export const BenchDocSchema = z
  .object({ total: z.number().int(), writers: z.record(z.string(), z.number().int()) })
  .loose();
export type BenchDoc = z.infer<typeof BenchDocSchema>;
export const emptyBenchDoc = (): BenchDoc => ({ total: 0, writers: {} });

/** One writer's handle on a registry. */
export interface BenchSystem {
  update(writer: string): Promise<void>;
}

const bump = (doc: BenchDoc, writer: string): BenchDoc => ({
  ...doc,
  total: doc.total + 1,
  writers: { ...doc.writers, [writer]: (doc.writers[writer] ?? 0) + 1 },
});

/** The bump as a named operation, which any process holding the lock may apply. */
const bumpOperation = defineRegistryOperation({
  name: 'bench-bump',
  schema: BenchDocSchema,
  args: z.object({ writer: z.string() }),
  apply: (doc: BenchDoc, { writer }) => bump(doc, writer),
});

/** leakproof's RegistryStore with a named operation: `run()`, cross-process group commit. */
function store(path: string): BenchSystem {
  const registry = new RegistryStore({ path, schema: BenchDocSchema, initial: emptyBenchDoc });
  return { update: (writer) => registry.run(bumpOperation, { writer }) };
}

/** leakproof's RegistryStore with a closure: `update()`, group commit within a process only. */
function storeClosures(path: string): BenchSystem {
  const registry = new RegistryStore({ path, schema: BenchDocSchema, initial: emptyBenchDoc });
  return { update: (writer) => registry.update((doc) => bump(doc, writer)).then(() => undefined) };
}

/**
 * What people write by hand: proper-lockfile with ordinary retry settings around a
 * read-modify-write through write-file-atomic (which fsyncs the file, not the directory).
 */
function naive(path: string): BenchSystem {
  const retries = { retries: 50, factor: 2, minTimeout: 5, maxTimeout: 250, randomize: true };
  return {
    update: async (writer) => {
      const release = await lockfile.lock(path, { realpath: false, retries });
      try {
        const text = await readFile(path, 'utf8').catch(() => undefined);
        const doc = text === undefined ? emptyBenchDoc() : (JSON.parse(text) as BenchDoc);
        await writeFileAtomic(path, JSON.stringify(bump(doc, writer)), { fsync: true });
      } finally {
        await release();
      }
    },
  };
}

/** lowdb's JSONFile adapter: atomic-ish writes (steno), no inter-process lock. */
async function lowdb(path: string): Promise<BenchSystem> {
  const { Low } = await import('lowdb');
  const { JSONFile } = await import('lowdb/node');
  const db = new Low<BenchDoc>(new JSONFile<BenchDoc>(path), emptyBenchDoc());
  return {
    update: async (writer) => {
      await db.read();
      db.data = bump(db.data, writer);
      await db.write();
    },
  };
}

/** better-sqlite3 in WAL mode (synchronous=FULL, like the fsyncs above), document in one row. */
async function sqlite(path: string): Promise<BenchSystem> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path, { timeout: 30_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS registry (id INTEGER PRIMARY KEY, doc TEXT NOT NULL)');
  const read = db.prepare<[], { doc: string }>('SELECT doc FROM registry WHERE id = 1');
  const write = db.prepare('INSERT OR REPLACE INTO registry (id, doc) VALUES (1, ?)');
  const update = db.transaction((writer: string) => {
    const row = read.get();
    const doc = row ? (JSON.parse(row.doc) as BenchDoc) : emptyBenchDoc();
    write.run(JSON.stringify(bump(doc, writer)));
  });
  return { update: async (writer) => void update.immediate(writer) };
}

/** The systems by name. */
export const benchSystems = {
  store,
  'store-closures': storeClosures,
  naive,
  lowdb,
  sqlite,
} as const;
export type BenchSystemName = keyof typeof benchSystems;

/** Reads the final total a system recorded. */
export async function finalTotal(system: BenchSystemName, path: string): Promise<number> {
  if (system !== 'sqlite') return (JSON.parse(await readFile(path, 'utf8')) as BenchDoc).total;
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path, { readonly: true });
  const row = db.prepare<[], { doc: string }>('SELECT doc FROM registry WHERE id = 1').get();
  db.close();
  return row ? (JSON.parse(row.doc) as BenchDoc).total : 0;
}
