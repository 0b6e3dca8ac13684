import { describe, expect, it } from 'vitest';
import {
  batchCommands,
  escapeArgument,
  escapeFormat,
  joinCommands,
  MAX_COMMAND_BYTES,
  packedBytes,
} from '../../src/tmux/tmux-argv.js';
import { TmuxCommandTooLongError } from '../../src/tmux/tmux-errors.js';

describe('tmux argv', () => {
  it('escapes a trailing ";" (and only a trailing one) the way tmux unescapes it', () => {
    expect(escapeArgument('a;')).toBe('a\\;');
    expect(escapeArgument(';')).toBe('\\;');
    expect(escapeArgument('a\\;')).toBe('a\\\\;');
    expect(escapeArgument('a;b')).toBe('a;b');
  });

  it('doubles "#" for arguments tmux expands as formats', () => {
    expect(escapeFormat('/tmp/#{pane_id}')).toBe('/tmp/##{pane_id}');
  });

  it('joins commands with standalone ";" separators', () => {
    expect(joinCommands([['a', 'x;'], ['b']])).toEqual(['a', 'x\\;', ';', 'b']);
  });

  it('splits batches to stay under the limit, keeping order', () => {
    const commands = Array.from({ length: 2_000 }, (_, i) => ['kill-session', '-t', `$${i}`]);
    const batches = batchCommands(commands);
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) expect(packedBytes(batch)).toBeLessThanOrEqual(MAX_COMMAND_BYTES);
    const targets = batches.flat().filter((arg) => arg.startsWith('$'));
    expect(targets).toEqual(commands.map((command) => command[2]));
  });

  it('refuses a single command over the limit', () => {
    expect(() => batchCommands([['display-message', 'x'.repeat(MAX_COMMAND_BYTES)]])).toThrow(
      TmuxCommandTooLongError,
    );
  });
});
