#!/usr/bin/env node
// The `leakproof` command: picks the subcommand, maps errors to exit codes, nothing else.
import { isLeakproofError } from '../errors/leakproof-error.js';
import { ExitCode } from './exit-codes.js';
import { reapCommand, reapHelp } from './reap-command.js';
import { recoverCommand, recoverHelp } from './recover-command.js';
import { statusCommand, statusHelp } from './status-command.js';
import { UsageError } from './usage-error.js';

const help = `Usage: leakproof <command> [flags]

Commands:
  recover   release what crashed processes left behind, from a journal directory
  reap      clean up after agents of a workspace base (daemon, or --once for cron)
  status    print a workspace's agents, sessions and orphans

Run "leakproof <command> --help" for a command's flags.

Exit status: 0 ok, 1 incomplete, 2 bad command line, 3 unexpected error,
4 another reaper holds the workspace lock, 130 a second signal.`;

const commands: Record<string, { run: typeof recoverCommand; help: string }> = {
  recover: { run: recoverCommand, help: recoverHelp },
  reap: { run: reapCommand, help: reapHelp },
  status: { run: statusCommand, help: statusHelp },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const print = (text: string): void => void process.stdout.write(`${text}\n`);
  if (name === undefined || name === '--help' || name === '-h') {
    print(help);
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`leakproof: unknown command "${name}"\n\n${help}\n`);
    return ExitCode.usage;
  }
  if (args.includes('--help') || args.includes('-h')) {
    print(command.help);
    return ExitCode.ok;
  }
  try {
    return await command.run(args, print);
  } catch (error) {
    // parseArgs throws plain TypeErrors with ERR_PARSE_ARGS_* codes for unknown or bad flags.
    const code = (error as { code?: unknown }).code;
    if (
      error instanceof UsageError ||
      (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))
    ) {
      process.stderr.write(`leakproof ${name}: ${(error as Error).message}\n\n${command.help}\n`);
      return ExitCode.usage;
    }
    const label = isLeakproofError(error) ? `${error.code}: ${error.message}` : String(error);
    process.stderr.write(`leakproof ${name}: ${label}\n`);
    return ExitCode.failure;
  }
}

process.exitCode = await main(process.argv.slice(2));
