import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  InvalidOptionError,
  isLeakproofError,
  LeakproofError,
  ResourceScope,
  RollbackError,
  ScopeClosedError,
} from '../../src/index.js';

describe('LeakproofError', () => {
  it('carries a literal code, a name and the original error as cause', () => {
    const cause = new Error('EACCES');
    const error = new LeakproofError('SOMETHING', 'it failed', { cause });
    expect(error.code).toBe('SOMETHING');
    expect(error.name).toBe('LeakproofError');
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(Error);
  });

  it('is recognised by isLeakproofError across realms, and ordinary errors are not', () => {
    const foreign = runInNewContext(`
      const e = new Error('from another realm');
      Object.defineProperty(e, Symbol.for('leakproof.error'), { value: true });
      e.code = 'X';
      e;
    `);
    expect(foreign instanceof Error).toBe(false);
    expect(isLeakproofError(foreign)).toBe(true);
    expect(foreign instanceof LeakproofError).toBe(true);
    expect(isLeakproofError(new Error('plain'))).toBe(false);
    expect(isLeakproofError(null)).toBe(false);
    expect(isLeakproofError({ code: 'FAKE' })).toBe(false);
  });

  it('keeps subclass instanceof checks exact', () => {
    const closed = new ScopeClosedError('s', 'committed', 'acquire');
    expect(closed).toBeInstanceOf(ScopeClosedError);
    expect(closed).toBeInstanceOf(LeakproofError);
    expect(new InvalidOptionError('x', 'y', 1)).not.toBeInstanceOf(ScopeClosedError);
    const report = { scope: 's', reason: 'r', ok: false, durationMs: 0, entries: [] };
    expect(new RollbackError(report)).toBeInstanceOf(LeakproofError);
  });
});

describe('option validation', () => {
  it.each([
    [
      { releaseTimeoutMs: -1 },
      'Expected `releaseTimeoutMs` to be a non-negative integer, got `-1` (number)',
    ],
    [
      { releaseTimeoutMs: '5' },
      'Expected `releaseTimeoutMs` to be a non-negative integer, got `"5"` (string)',
    ],
    [{ name: '' }, 'Expected `name` to be a non-empty string without NUL bytes, got `""` (string)'],
    [{ onEvent: 3 }, 'Expected `onEvent` to be a function, got `3` (number)'],
    [{ signal: {} }, 'Expected `signal` to be an AbortSignal, got `{}` (object)'],
  ])('rejects %j with a clear message', (options, message) => {
    const attempt = () => new ResourceScope(options as never);
    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect(isLeakproofError(error) && error.code).toBe('INVALID_OPTION');
    }
  });

  it('rejects something that is not a resource before doing anything', async () => {
    const scope = new ResourceScope();
    await expect(scope.acquire({ kind: 'x' } as never)).rejects.toThrow(
      'Expected `resource` to be a Resource with kind, acquire() and release()',
    );
    expect(scope.state).toBe('open');
  });
});
