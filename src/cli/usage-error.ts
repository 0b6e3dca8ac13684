import { LeakproofError } from '../errors/leakproof-error.js';

/** The command line is wrong; the CLI prints the message and the command's help, exit 2. */
export class UsageError extends LeakproofError<'USAGE'> {
  constructor(message: string) {
    super('USAGE', message);
  }
}
UsageError.prototype.name = 'UsageError';
