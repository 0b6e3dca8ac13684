import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeRequests } from '../../src/registry/operation-requests.js';
import { newTicketName } from '../../src/registry/queue-entries.js';
import { RequestServer } from '../../src/registry/serve-requests.js';
import { tempDir } from './temp-dir.js';

/** A queue directory holding one live request ticket (this process's), its requests in its name. */
function queueWithRequest(): { dir: string; ticket: string } {
  const dir = join(tempDir(), 'r.json.lock.queue');
  mkdirSync(dir);
  const inline = Buffer.from(serializeRequests([{ operation: 'bump', args: {} }])).toString(
    'base64url',
  );
  const ticket = newTicketName('request', inline);
  writeFileSync(join(dir, ticket), '');
  return { dir, ticket };
}

describe('RequestServer', () => {
  it('claims a waiting request it knows, and leaves one it does not know alone', async () => {
    const { dir, ticket } = queueWithRequest();
    const server = new RequestServer(dir);
    expect(await server.claim(await server.list(), () => undefined)).toEqual([]);
    expect(readdirSync(dir)).toEqual([ticket]);
    const claims = await server.claim(await server.list(), (requests) => requests.length);
    expect(claims).toEqual([{ ticket, prepared: 1 }]);
    expect(readdirSync(dir)).toEqual([`${ticket}.claimed`]);
  });

  it('claims nothing while a commit record it could not remove is left', async () => {
    const { dir, ticket } = queueWithRequest();
    // Not empty, so resolve()'s rmdir fails: a later crash's claims would be ambiguous.
    const record = join(dir, `commit-abc-${'0'.repeat(64)}`);
    mkdirSync(record);
    writeFileSync(join(record, 'stray'), '');
    const server = new RequestServer(dir);
    const names = await server.resolve(await server.list(), undefined);
    expect(await server.claim(names, (requests) => requests.length)).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual([ticket, `commit-abc-${'0'.repeat(64)}`].sort());
  });

  it('puts a crashed holder’s claim back in line unless the registry holds its commit', async () => {
    const { dir, ticket } = queueWithRequest();
    const server = new RequestServer(dir);
    await server.claim(await server.list(), (requests) => requests.length);
    await server.record('{"n":1}\n', [[undefined]]);
    // The holder died before its rename: the registry still holds the old text.
    const successor = new RequestServer(dir);
    expect(await successor.resolve(await successor.list(), '{"n":0}\n')).toEqual([ticket]);
    // Claimed and recorded again; this time the rename happened.
    await successor.claim([ticket], (requests) => requests.length);
    await successor.record('{"n":1}\n', [[undefined]]);
    const third = new RequestServer(dir);
    expect(await third.resolve(await third.list(), '{"n":1}\n')).toEqual([`${ticket}.ok`]);
  });
});
