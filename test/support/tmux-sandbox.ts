import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { onTestFinished } from 'vitest';
import { TmuxClient } from '../../src/tmux/tmux-client.js';
import type { TmuxClientOptions } from '../../src/tmux/tmux-client-options.js';

/**
 * A private tmux server for one test: a unique `-L leakproof-test-<random>` socket, killed when
 * the test finishes (pass or fail). Never touches the user's default server.
 */
export interface TmuxSandbox {
  /** A client on the sandbox server. */
  readonly client: TmuxClient;
  /** The socket name, for a second client or a fixture. */
  readonly socketName: string;
  /** Another client on the same server with different options (e.g. an injected `exec`). */
  clientWith(options: Omit<TmuxClientOptions, 'socketName' | 'socketPath'>): TmuxClient;
}

/** Creates a sandbox whose server is killed in `onTestFinished`. Call inside a test. */
export function tmuxSandbox(
  options: Omit<TmuxClientOptions, 'socketName' | 'socketPath'> = {},
): TmuxSandbox {
  const socketName = `leakproof-test-${randomBytes(6).toString('hex')}`;
  const client = new TmuxClient({ ...options, socketName });
  onTestFinished(async () => {
    // A plain client: the test's may have an injected, deliberately broken exec.
    const cleaner = new TmuxClient({ socketName });
    await cleaner.killServer();
    // tmux leaves its socket file behind when the server exits.
    await rm(cleaner.socketFile, { force: true });
  });
  return {
    client,
    socketName,
    clientWith: (more) => new TmuxClient({ ...more, socketName }),
  };
}
