import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import type { z } from 'zod';
import { checkDocument } from './document-checks.js';
import { readFlags } from './inline-fs.js';
import { RegistryCorruptError } from './registry-corrupt-error.js';
import { messageOf, RegistryIoError } from './registry-errors.js';
import type { FileOwnership } from './write-document.js';

/**
 * What a registry file holds right now. `text` is the raw content, to skip no-op writes;
 * `ownership` is carried over to the file that replaces it.
 */
export type StoredDocument<T> =
  | { readonly exists: false }
  | {
      readonly exists: true;
      readonly value: T;
      readonly text: string;
      readonly ownership: FileOwnership;
    };

/** Where and how to read a registry. */
export interface DocumentSource<T> {
  readonly path: string;
  readonly schema: z.ZodType<T>;
  readonly maxBytes: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads, parses and validates a registry file without a lock (writers replace it by rename, so
 * one open sees one whole version). Its file calls run inline: a caller that may loop on it
 * yields to the event loop itself (see `RegistryStore.read`).
 *
 * @throws {@link RegistryCorruptError} for anything but a valid document or a missing file.
 * @throws {@link RegistryIoError} when the file cannot be opened or read.
 */
export async function readDocument<T>(source: DocumentSource<T>): Promise<StoredDocument<T>> {
  const file = readFile(source);
  if (file === undefined) return { exists: false };
  const { bytes, ownership } = file;
  const { path } = source;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch (error) {
    throw corrupt(path, 'invalid-json', 'not valid UTF-8', error);
  }
  if (text.trim() === '') throw corrupt(path, 'empty', 'the file is empty');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw corrupt(path, 'invalid-json', `invalid or truncated JSON: ${messageOf(error)}`, error);
  }
  const checked = checkDocument(source.schema, parsed);
  if (!checked.ok) {
    throw new RegistryCorruptError(path, checked.reason, checked.issues, { cause: checked.cause });
  }
  return { exists: true, value: checked.value, text, ownership };
}

/**
 * The file's bytes and owner, or `undefined` when it does not exist; never follows a symlink.
 * Inline calls (`inline-fs.ts`): a registry is read from the page cache in microseconds.
 */
function readFile({
  path,
  maxBytes,
}: DocumentSource<unknown>): { bytes: Buffer; ownership: FileOwnership } | undefined {
  let fd: number;
  try {
    fd = openSync(path, readFlags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') throw corrupt(path, 'not-a-file', 'it is a symlink', error);
    throw new RegistryIoError(path, 'open', error);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw corrupt(path, 'not-a-file', 'it is not a regular file');
    if (stat.size > maxBytes) throw tooLarge(path, stat.size, maxBytes);
    // One read of the size just seen, plus a byte that tells whether the file grew meanwhile
    // (another tool writing in place): then read it whole and re-check the cap.
    const buffer = Buffer.allocUnsafe(stat.size + 1);
    const bytesRead = readSync(fd, buffer, 0, buffer.length, 0);
    const bytes = bytesRead <= stat.size ? buffer.subarray(0, bytesRead) : readFileSync(fd);
    if (bytes.length > maxBytes) throw tooLarge(path, bytes.length, maxBytes);
    return { bytes, ownership: { mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid } };
  } catch (error) {
    if (error instanceof RegistryCorruptError) throw error;
    throw new RegistryIoError(path, 'read', error);
  } finally {
    closeQuietly(fd);
  }
}

/** Nothing was written through a descriptor only read from: a failed close loses nothing. */
function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {}
}

function tooLarge(path: string, size: number, maxBytes: number): RegistryCorruptError {
  return corrupt(path, 'too-large', `${size} bytes exceeds the ${maxBytes}-byte cap`);
}

function corrupt(
  path: string,
  reason: ConstructorParameters<typeof RegistryCorruptError>[1],
  message: string,
  cause?: unknown,
): RegistryCorruptError {
  const options = cause === undefined ? {} : { cause };
  return new RegistryCorruptError(path, reason, [{ path: [], message }], options);
}
