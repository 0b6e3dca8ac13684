#!/usr/bin/env node
// A stand-in for a headless coding agent: reads its prompt file, then appends one JSON line per
// "step" to a stream log until SIGTERM, when it writes a last line and exits like a good citizen.
//
//   node examples/fake-agent.mjs --prompt <file> --stream <file> [--crash]
import { appendFileSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    prompt: { type: 'string' },
    stream: { type: 'string' },
    crash: { type: 'boolean', default: false },
  },
});
if (!values.prompt || !values.stream) {
  process.stderr.write('usage: fake-agent --prompt <file> --stream <file> [--crash]\n');
  process.exit(2);
}
if (values.crash) {
  // Like an agent CLI that rejects its configuration: one line of output, non-zero exit.
  process.stdout.write('fake-agent: invalid API key\n');
  process.exit(3);
}

const prompt = readFileSync(values.prompt, 'utf8');
const emit = (event) =>
  appendFileSync(values.stream, `${JSON.stringify({ at: new Date().toISOString(), ...event })}\n`);

emit({ type: 'start', pid: process.pid, promptBytes: prompt.length });
let step = 0;
const timer = setInterval(() => emit({ type: 'step', step: ++step }), 200);
process.on('SIGTERM', () => {
  clearInterval(timer);
  emit({ type: 'stop', reason: 'SIGTERM' });
  process.exit(0);
});
