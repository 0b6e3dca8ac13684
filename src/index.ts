// The public surface of leakproof: every name is listed on purpose; nothing else is reachable.

export { InvalidOptionError } from './errors/invalid-option-error.js';
export {
  isLeakproofError,
  LeakproofError,
  type LeakproofErrorOptions,
} from './errors/leakproof-error.js';
export { AgentNotFoundError, DuplicateAgentError } from './registry/agent-errors.js';
export {
  isTerminalStatus,
  type TerminalAgentStatus,
  terminalAgentStatuses,
} from './registry/agent-record.js';
export {
  markAgentTerminal,
  type RegisterAgentOptions,
  registerAgent,
  unregisterAgent,
} from './registry/agent-registry-helpers.js';
export {
  type AgentRegistry,
  AgentRegistrySchema,
  emptyAgentRegistry,
  type TaskAgent,
  TaskAgentSchema,
} from './registry/agent-registry-schema.js';
export {
  markGlobalAgentTerminal,
  registerGlobalAgent,
  unregisterGlobalAgent,
} from './registry/global-registry-helpers.js';
export {
  emptyGlobalRegistry,
  type GlobalAgent,
  GlobalAgentSchema,
  type GlobalRegistry,
  GlobalRegistrySchema,
} from './registry/global-registry-schema.js';
export type { UpdateOptions, Updater } from './registry/pending-update.js';
export type { RegistryChange } from './registry/registry-change.js';
export {
  RegistryCorruptError,
  type RegistryCorruptReason,
  type RegistryIssue,
} from './registry/registry-corrupt-error.js';
export {
  RegistryInvalidDocumentError,
  RegistryIoError,
  RegistryLockCompromisedError,
  RegistryLockTimeoutError,
  RegistryNotCorruptError,
  RegistryUpdateAbortedError,
} from './registry/registry-errors.js';
export type { RegistryEvent, RegistryEventListener } from './registry/registry-events.js';
export { RegistryStore } from './registry/registry-store.js';
export type { RegistryStoreOptions } from './registry/registry-store-options.js';
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
