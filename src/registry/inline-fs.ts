import * as fs from 'node:fs';
import { promisify } from 'node:util';

/**
 * The file-system calls of the registry's lock protocol and document I/O, made inline on the
 * calling thread. A commit makes dozens of them — queue entries created and renamed, the lock
 * directory, the document opened, read, written and renamed — each a page-cache operation of
 * microseconds. Through `fs/promises` each would be a thread-pool round trip and a `FileHandle`,
 * which cost several times the call itself in CPU and, on a loaded machine, a scheduling slice per
 * step while every other writer waits for the lock: measured here, eight writers went from about
 * 900 to 1,400–1,700 updates/s. Only the two fsyncs, which wait for the disk, still go to the
 * thread pool ({@link fdatasync}, {@link fsync}).
 *
 * The wrappers return promises so callers read like `fs/promises`; a failure is a rejection.
 */

/** `mkdir(2)`, inline. */
export const mkdir = async (path: string): Promise<void> => void fs.mkdirSync(path);
/** `rmdir(2)`, inline. */
export const rmdir = async (path: string): Promise<void> => fs.rmdirSync(path);
/** `unlink(2)`, inline. */
export const unlink = async (path: string): Promise<void> => fs.unlinkSync(path);
/** `rename(2)`, inline. */
export const rename = async (from: string, to: string): Promise<void> => fs.renameSync(from, to);
/** A directory's names, inline. */
export const readdir = async (path: string): Promise<string[]> => fs.readdirSync(path);
/** `stat(2)`, inline. */
export const stat = async (path: string): Promise<fs.Stats> => fs.statSync(path);
/** `utimes(2)`, inline. */
export const utimes = async (path: string, atime: Date, mtime: Date): Promise<void> =>
  fs.utimesSync(path, atime, mtime);

/** Flags of a new file that must not exist yet and is never reached through a symlink. */
export const createNewFlags =
  fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW;

/** Creates a new file holding `text` (see {@link createNewFlags}), inline. */
export async function createFile(path: string, text: string, mode = 0o644): Promise<void> {
  const fd = fs.openSync(path, createNewFlags, mode);
  try {
    if (text !== '') fs.writeFileSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Flags of an open for reading that never follows a symlink and never blocks: a FIFO planted at
 * the name would otherwise hang the opening thread — here, the event loop.
 */
export const readFlags = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK;

/** A regular file's text (see {@link readFlags}), inline. */
export async function readText(path: string): Promise<string> {
  const fd = fs.openSync(path, readFlags);
  try {
    if (!fs.fstatSync(fd).isFile()) throw new Error(`${path} is not a regular file`);
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** `fdatasync(2)` on the thread pool: it waits for the disk. */
export const fdatasync: (fd: number) => Promise<void> = promisify(fs.fdatasync);
/** `fsync(2)` on the thread pool: it waits for the disk. */
export const fsync: (fd: number) => Promise<void> = promisify(fs.fsync);
