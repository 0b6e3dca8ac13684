// Command-line flags of examples/deploy-agent.ts, validated in one place.
import { parseArgs } from 'node:util';

/** Where a deployment can be made to fail, in the order the steps run. */
export const failures = [
  'session', // the agent CLI is not installed: tmux "starts" a command that does not exist
  'agent-exit', // the agent dies at once (bad configuration)
  'task-registry', // the task registry refuses the write
  'global-registry', // the global registry refuses the write, after the task registry took it
  'late', // any other exception after everything was created
] as const;

/** The step boundaries, for --kill-after (crash tests). */
export const steps = [
  'logs',
  'prompt',
  'session',
  'task-registry',
  'global-registry',
  'commit',
] as const;

export interface DeploymentOptions {
  readonly fail: (typeof failures)[number] | undefined;
  /** Crash tests: SIGKILL ourselves right after this step. */
  readonly killAfter: (typeof steps)[number] | undefined;
  /** Crash tests: SIGKILL ourselves inside this registry's update, holding its lock. */
  readonly killDuring: 'task-registry' | 'global-registry' | undefined;
  /** Crash tests: SIGKILL ourselves at this journal write (1-based; before and after each). */
  readonly killAtWrite: number | undefined;
  /** Journal directory; a workspace and tmux socket given by the caller are kept at the end. */
  readonly journal: string | undefined;
  readonly workspace: string | undefined;
  readonly tmuxSocket: string | undefined;
}

export function parseDeploymentOptions(argv: string[]): DeploymentOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      fail: { type: 'string' },
      'kill-after': { type: 'string' },
      'kill-at-write': { type: 'string' },
      'kill-during': { type: 'string' },
      journal: { type: 'string' },
      workspace: { type: 'string' },
      'tmux-socket': { type: 'string' },
    },
  });
  const oneOf = <T extends string>(
    flag: string,
    value: string | undefined,
    allowed: readonly T[],
  ) => {
    if (value === undefined || (allowed as readonly string[]).includes(value))
      return value as T | undefined;
    throw new Error(`--${flag} must be one of ${allowed.join(', ')}`);
  };
  const killAtWrite = values['kill-at-write'];
  if (killAtWrite !== undefined && !/^[1-9]\d*$/.test(killAtWrite)) {
    throw new Error('--kill-at-write must be a positive integer');
  }
  return {
    fail: oneOf('fail', values.fail, failures),
    killAfter: oneOf('kill-after', values['kill-after'], steps),
    killAtWrite: killAtWrite === undefined ? undefined : Number(killAtWrite),
    killDuring: oneOf('kill-during', values['kill-during'], [
      'task-registry',
      'global-registry',
    ] as const),
    journal: values.journal,
    workspace: values.workspace,
    tmuxSocket: values['tmux-socket'],
  };
}
