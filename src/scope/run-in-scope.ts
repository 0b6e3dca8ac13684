import type { ResourceScope } from './resource-scope.js';
import { RollbackError } from './scope-errors.js';

/** `ResourceScope.run`: commit when `fn` resolves, roll back (with `fn`'s error) when it throws. */
export async function runInScope<T>(
  scope: ResourceScope,
  fn: (scope: ResourceScope) => T | PromiseLike<T>,
): Promise<T> {
  let result: T;
  try {
    result = await fn(scope);
  } catch (error) {
    const report = await scope.rollback(error);
    if (!report.ok) throw new RollbackError(report, { cause: error });
    throw error;
  }
  // fn may have committed or rolled back by itself; only an open scope is committed here.
  if (scope.state === 'open') await scope.commit();
  return result;
}
