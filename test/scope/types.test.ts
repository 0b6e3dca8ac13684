import { describe, expectTypeOf, it } from 'vitest';
import {
  directory,
  isLeakproofError,
  type LeakproofError,
  type PromptFileHandle,
  promptFile,
  type Resource,
  ResourceScope,
  type RollbackReport,
} from '../../src/index.js';

// These assertions are checked by `tsc --noEmit` (npm run typecheck); the test bodies also run.
describe('types', () => {
  it('supports `await using` on a ResourceScope', async () => {
    await using scope = new ResourceScope();
    expectTypeOf(scope).toMatchTypeOf<AsyncDisposable>();
    await scope.commit();
  });

  it('infers the handle type of acquire from the resource', async () => {
    await using scope = new ResourceScope();
    const numbered: Resource<{ id: number }> = {
      kind: 'n',
      acquire: async () => ({ id: 1 }),
      release: async () => {},
    };
    const handle = await scope.acquire(numbered);
    expectTypeOf(handle).toEqualTypeOf<{ id: number }>();
    // Functions, never called: only their types are checked, nothing touches the disk.
    const acquireFile = () => scope.acquire(promptFile({ path: '/tmp/x', content: '' }));
    const acquireDirectory = () => scope.acquire(directory({ path: '/tmp/d' }));
    expectTypeOf(acquireFile).returns.resolves.toEqualTypeOf<PromptFileHandle>();
    expectTypeOf(acquireDirectory).returns.resolves.toHaveProperty('created');
    expectTypeOf(scope.rollback()).resolves.toEqualTypeOf<RollbackReport>();
  });

  it('narrows unknown errors with isLeakproofError', () => {
    const error: unknown = new Error('x');
    if (isLeakproofError(error)) expectTypeOf(error).toEqualTypeOf<LeakproofError>();
    expectTypeOf(isLeakproofError).guards.toEqualTypeOf<LeakproofError>();
  });
});
