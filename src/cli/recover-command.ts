import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FileJournal } from '../journal/file-journal.js';
import { recover } from '../journal/recover.js';
import type { RecoveryReport } from '../journal/recovery-report.js';
import { ExitCode } from './exit-codes.js';
import { UsageError } from './usage-error.js';

export const recoverHelp = `Usage: leakproof recover --journal <dir> [--json] [--release-timeout <ms>]

Releases what scopes of dead processes left behind, as recorded in the journal directory.
Journals of live processes are left alone.

  --journal <dir>          the FileJournal directory (required)
  --release-timeout <ms>   bound on each release (default 30000)
  --json                   print the report as JSON

Exit status: 0 all recovered (or nothing to do), 1 some journal incomplete or corrupt,
2 bad command line, 3 unexpected error.`;

/** `leakproof recover`: parses its flags, runs recover(), prints the report. */
export async function recoverCommand(
  args: string[],
  print: (text: string) => void,
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      journal: { type: 'string' },
      json: { type: 'boolean', default: false },
      'release-timeout': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.journal === undefined) throw new UsageError('--journal <dir> is required');
  const timeout = values['release-timeout'];
  if (timeout !== undefined && !/^\d+$/.test(timeout)) {
    throw new UsageError(`--release-timeout expects milliseconds, got "${timeout}"`);
  }
  const dir = resolve(values.journal);
  // FileJournal would create a missing directory; a mistyped path must not be created.
  if (!existsSync(dir)) throw new UsageError(`no journal directory at ${dir}`);
  const report = await recover({
    journal: new FileJournal(dir),
    ...(timeout === undefined ? {} : { releaseTimeoutMs: Number(timeout) }),
  });
  print(values.json ? JSON.stringify(report) : describe(report));
  return report.ok ? ExitCode.ok : ExitCode.incomplete;
}

function describe(report: RecoveryReport): string {
  if (report.journals.length === 0) return 'nothing to recover';
  const lines = report.journals.map((journal) => {
    const released = journal.entries.filter((entry) => entry.status === 'released').length;
    const failed = journal.entries.length - released;
    const detail = journal.error ? ` (${journal.error.message})` : '';
    return `${journal.status.padEnd(17)} ${journal.scope ?? '?'}  released ${released}, failed ${failed}  ${journal.file}${detail}`;
  });
  return lines.join('\n');
}
