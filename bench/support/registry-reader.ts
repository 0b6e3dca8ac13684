// Reads a JSON registry about once a millisecond until told to stop; counts reads that do not
// parse (torn or half-written files). A missing file is not counted.
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { getOneMessage, sendMessage } from 'execa';

const [path = ''] = process.argv.slice(2);
let running = true;
void getOneMessage().then(() => {
  running = false;
});
await sendMessage('ready');
let reads = 0;
let torn = 0;
while (running) {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text !== undefined) {
    reads++;
    try {
      JSON.parse(text);
    } catch {
      torn++;
    }
  }
  await sleep(1);
}
await sendMessage({ reads, torn });
