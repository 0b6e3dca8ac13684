import { tmpdir } from 'node:os';
import { type TmuxSessionHandle, tmuxSession } from '../../src/index.js';
import { type ContractWorld, createTmuxSandbox, findLeaks } from '../../src/testing/index.js';
import { crashAfterAcquire, describeResourceKind } from './describe-resource-kind.js';

interface TmuxWorld extends ContractWorld<TmuxSessionHandle> {
  readonly socketName: string;
}

describeResourceKind<TmuxSessionHandle, TmuxWorld>({
  name: 'tmuxSession',
  setup: async () => {
    const sandbox = createTmuxSandbox();
    // Marker uuids of every session this world made or saw: their processes must all be gone.
    const uuids = new Set<string>();
    let n = 0;
    const session = (command: string[], startupCheckMs = 50) => {
      const resource = tmuxSession({
        name: `agent_a${++n}`,
        command,
        cwd: tmpdir(),
        client: sandbox.client,
        startupCheckMs,
        killGraceMs: 200,
      });
      uuids.add((resource.intent as { uuid: string }).uuid);
      return resource;
    };
    return {
      socketName: sandbox.socketName,
      resource: () => session(['sleep', '1000']),
      // The command exits at once: acquire must notice and remove the session.
      // A long check ends as soon as the command exits, yet survives a loaded machine's slow start.
      failingResource: async () => session(['false', 'exits-at-once'], 5_000),
      // Killed by someone else: the pane's sleep dies of SIGHUP with it.
      destroy: async (handle) => {
        await sandbox.client.killSessions([handle.sessionId]);
      },
      leftovers: async () => {
        for (const s of await sandbox.labelledSessions()) uuids.add(s.leakproofId);
        const leaks = await findLeaks({ tmux: sandbox, marker: [...uuids] });
        return leaks.map((leak) => `${leak.kind}: ${leak.description}`);
      },
      [Symbol.asyncDispose]: () => sandbox[Symbol.asyncDispose](),
    };
  },
  crash: (world, journal) =>
    crashAfterAcquire('tmux-session', journal, { socketName: world.socketName, id: 'agent_c' }),
});
