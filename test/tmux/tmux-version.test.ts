import { describe, expect, it } from 'vitest';
import { TmuxVersionError } from '../../src/tmux/tmux-errors.js';
import { parseTmuxVersion } from '../../src/tmux/tmux-version.js';

describe('parseTmuxVersion', () => {
  it('accepts 3.2 and newer, including suffixes and distributions', () => {
    expect(parseTmuxVersion('tmux 3.3a\n')).toMatchObject({ major: 3, minor: 3 });
    expect(parseTmuxVersion('tmux 3.2')).toMatchObject({ major: 3, minor: 2 });
    expect(parseTmuxVersion('tmux next-3.6')).toMatchObject({ major: 3, minor: 6 });
    expect(parseTmuxVersion('tmux master').raw).toBe('tmux master');
  });

  it('rejects older or unreadable versions', () => {
    expect(() => parseTmuxVersion('tmux 3.1c')).toThrow(TmuxVersionError);
    expect(() => parseTmuxVersion('tmux 2.9')).toThrow(TmuxVersionError);
    expect(() => parseTmuxVersion('screen 4.9')).toThrow(TmuxVersionError);
  });
});
