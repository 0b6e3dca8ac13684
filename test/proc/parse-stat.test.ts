import { describe, expect, it } from 'vitest';
import { isFinishedState, parseStat } from '../../src/proc/parse-stat.js';

const tail = '0 0 0 0 0 0 0 0 0 0 0 20 0 1 0 123456 0 0';

describe('parseStat', () => {
  it('reads state, ppid and start time (field 22)', () => {
    expect(parseStat(`42 (node) S 7 42 42 ${tail}`)).toEqual({
      pid: 42,
      state: 'S',
      ppid: 7,
      startTime: 123456,
      waitStatus: 0,
    });
  });

  it('reads fields after the last ")" so a hostile command name cannot shift them', () => {
    const stat = parseStat(`42 (evil) R 1 2 3 (x)) Z 9 42 42 ${tail}`);
    expect(stat).toEqual({ pid: 42, state: 'Z', ppid: 9, startTime: 123456, waitStatus: 0 });
  });

  it("reads a zombie's wait status (field 52)", () => {
    const fields = Array.from({ length: 50 }, (_, i): string => (i === 19 ? '777' : '0'));
    fields[0] = 'Z';
    fields[49] = String(42 << 8);
    expect(parseStat(`9 (sh) ${fields.join(' ')}`)?.waitStatus).toBe(42 << 8);
  });

  it('rejects malformed text', () => {
    expect(parseStat('')).toBeUndefined();
    expect(parseStat('42 node S 7')).toBeUndefined();
    expect(parseStat('42 (node) S x 42')).toBeUndefined();
  });

  it('treats zombies and dead processes as finished', () => {
    expect(isFinishedState('Z')).toBe(true);
    expect(isFinishedState('X')).toBe(true);
    expect(isFinishedState('S')).toBe(false);
  });
});
