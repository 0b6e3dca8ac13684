import { parseArgs } from 'node:util';
import { isLeakproofError } from '../errors/leakproof-error.js';
import { Reaper } from '../reaper/reaper.js';
import { parseReaperConfig, type ReaperConfigInput } from '../reaper/reaper-config.js';
import { ExitCode } from './exit-codes.js';
import { printIteration } from './print-iteration.js';
import {
  reaperConfigFrom,
  reaperFlagHelp,
  reaperFlagOptions,
  tmuxClientFrom,
} from './reaper-flags.js';
import { UsageError } from './usage-error.js';

export const reapHelp = `Usage: leakproof reap --root <dir> [--once] [--dry-run] [--json] [flags]

Cleans up after agents: tears down finished agents' leftovers (process tree, tmux session by $id
and label, prompt file, logs archived to archive/), and reports (or, with --mode kill, kills)
idle agents and orphan sessions. Unlabelled sessions are never touched; an unreadable registry
blocks orphan kills. One instance per workspace base.

  --once                     run one iteration and exit (for cron)
  --dry-run                  print exactly the plan a real run would execute; change nothing
${reaperFlagHelp}

Signals: SIGINT/SIGTERM finish the current step, save state and exit 0; a second one exits at
once (130). SIGHUP re-reads --config.

Exit status: 0 ok, 1 an action or iteration failed (--once), 2 bad command line,
3 unexpected error, 4 another reaper holds the lock of this workspace base, 130 second signal.`;

/** `leakproof reap`: builds the Reaper from flags, runs once or until a signal. */
export async function reapCommand(args: string[], print: (text: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...reaperFlagOptions,
      once: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const build = (): ReaperConfigInput => ({
    ...reaperConfigFrom(values),
    dryRun: values['dry-run'],
  });
  let config: ReturnType<typeof parseReaperConfig>;
  try {
    config = parseReaperConfig(build());
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const reaper = new Reaper({
    ...config,
    client: tmuxClientFrom(values, config.commandTimeoutMs),
    onIteration: (report) => printIteration(report, values.json, print),
  });
  try {
    if (values.once) {
      const report = await reaper.reapOnce();
      printIteration(report, values.json, print);
      return report.ok ? ExitCode.ok : ExitCode.incomplete;
    }
    await runUntilSignal(reaper, build);
    return ExitCode.ok;
  } catch (error) {
    if (!isLeakproofError(error) || error.code !== 'REAPER_LOCKED') throw error;
    process.stderr.write(`leakproof reap: ${error.message}\n`);
    return ExitCode.locked;
  }
}

async function runUntilSignal(reaper: Reaper, build: () => ReaperConfigInput): Promise<void> {
  const controller = new AbortController();
  const stop = (): void => {
    // The first signal lets the current step finish; a second one means "now".
    if (controller.signal.aborted) process.exit(ExitCode.interrupted);
    controller.abort();
  };
  const reload = (): void => {
    try {
      reaper.reload(build());
      process.stderr.write('leakproof reap: configuration reloaded\n');
    } catch (error) {
      process.stderr.write(`leakproof reap: reload refused: ${(error as Error).message}\n`);
    }
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', reload);
  try {
    await reaper.run({ signal: controller.signal });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    process.off('SIGHUP', reload);
  }
}
