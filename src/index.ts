// The public surface of leakproof: every name is listed on purpose; nothing else is reachable.

export { InvalidOptionError } from './errors/invalid-option-error.js';
export {
  isLeakproofError,
  LeakproofError,
  type LeakproofErrorOptions,
} from './errors/leakproof-error.js';
export type { FileIdentity } from './internal/fs-identity.js';
export {
  type CreatedDirectory,
  type DirectoryHandle,
  type DirectoryOptions,
  directory,
} from './resources/directory.js';
export { FileExistsError, FileSystemError, SymlinkRefusedError } from './resources/file-errors.js';
export {
  type PromptFileHandle,
  type PromptFileOptions,
  promptFile,
} from './resources/prompt-file.js';
export type { PendingRelease } from './scope/release-stack.js';
export type {
  AcquireContext,
  JsonValue,
  ReleaseContext,
  ReleaseReason,
  Resource,
} from './scope/resource.js';
export { ResourceScope } from './scope/resource-scope.js';
export type { RollbackEntry, RollbackReport, SerializedError } from './scope/rollback-report.js';
export { RollbackError, ScopeClosedError } from './scope/scope-errors.js';
export type { ScopeEvent, ScopeEventListener } from './scope/scope-events.js';
export type { ResourceScopeOptions, ScopeState } from './scope/scope-options.js';
