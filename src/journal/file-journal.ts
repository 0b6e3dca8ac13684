import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { expectFunction, expectOptionsObject } from '../internal/expect.js';
import { expectAbsolutePath } from '../internal/expect-path.js';
import { currentOwner } from './owner-identity.js';
import { type JournalWriteHook, ScopeJournal } from './scope-journal.js';

/** Journal files end with this; a file being recovered gets a longer suffix (see `recover`). */
export const JOURNAL_SUFFIX = '.journal';

/**
 * Options of {@link FileJournal}.
 *
 * @example
 * ```ts
 * new FileJournal('/var/lib/orchestrator/journal', { durable: false }); // tests, tmpfs
 * ```
 */
export interface FileJournalOptions {
  /**
   * fsync each intent, refinement, acquisition and commit record before going on, so the promise
   * holds across a power cut, not just a SIGKILL. @defaultValue `true`
   */
  readonly durable?: boolean;
  /** Fault injection: called before and after every record is written. */
  readonly onWrite?: JournalWriteHook;
}

interface JournalSettings {
  readonly durable: boolean;
  readonly onWrite: JournalWriteHook | undefined;
}

/** Kept outside the class so that starting a scope journal stays off the public API. */
const settingsOf = new WeakMap<FileJournal, JournalSettings>();

/**
 * A crash-safe intent journal in a directory: every scope given this journal writes, in a file of
 * its own, what it is about to create before creating it, so that `recover()` — in a later
 * process — can release what a crashed (even SIGKILLed) process left behind. Only resources with
 * an `intent` are journalled. A committed or fully released scope leaves no file behind.
 *
 * @example
 * ```ts
 * const journal = new FileJournal('/var/lib/orchestrator/journal');
 * await using scope = new ResourceScope({ journal });
 * await scope.acquire(promptFile({ path, content })); // journalled before it is written
 * ```
 */
export class FileJournal {
  /** The directory holding the journal files. */
  readonly dir: string;

  /**
   * Creates the directory (mode 0700) if missing.
   *
   * @throws {@link InvalidOptionError} for a relative path or bad options.
   */
  constructor(dir: string, options?: FileJournalOptions) {
    this.dir = expectAbsolutePath('dir', dir);
    const opts = expectOptionsObject('options', options);
    if (opts.durable !== undefined && typeof opts.durable !== 'boolean') {
      throw new InvalidOptionError('durable', 'a boolean', opts.durable);
    }
    const onWrite = opts.onWrite;
    settingsOf.set(this, {
      durable: opts.durable ?? true,
      onWrite:
        onWrite === undefined ? undefined : expectFunction<JournalWriteHook>('onWrite', onWrite),
    });
    // Synchronous once, so that a scope can be constructed synchronously with this journal.
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  /**
   * The journal files present now (absolute paths), including ones being recovered.
   *
   * @example
   * ```ts
   * if ((await journal.files()).length > 0) await recover({ journal });
   * ```
   */
  async files(): Promise<string[]> {
    const names = await readdir(this.dir);
    return names
      .filter((name) => name.includes(JOURNAL_SUFFIX))
      .map((name) => join(this.dir, name));
  }
}

/** Starts the journal file of a new root scope (used by `ResourceScope`). */
export function beginScopeJournal(journal: FileJournal, scope: string): ScopeJournal {
  const settings = settingsOf.get(journal) as JournalSettings;
  return new ScopeJournal({
    file: join(journal.dir, `${randomUUID()}${JOURNAL_SUFFIX}`),
    scope,
    ...settings,
    owner: currentOwner,
  });
}
