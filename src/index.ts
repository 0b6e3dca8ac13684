// The public surface of leakproof: every name is listed on purpose; nothing else is reachable.

export {
  AGENT_ID_PATTERN,
  expectAgentId,
  expectTaskDirName,
  isAgentId,
  isTaskDirName,
  TASK_DIR_PATTERN,
} from './agents/agent-ids.js';
export { InvalidAgentPathError } from './agents/agent-path-errors.js';
export type { ArchivedLog } from './agents/archive-logs.js';
export { type TeardownAgentOptions, teardownAgent } from './agents/teardown-agent.js';
export type { TeardownReport, TeardownStep } from './agents/teardown-report.js';
export {
  type AgentPaths,
  agentPaths,
  listTaskDirs,
  registryPath,
} from './agents/workspace-layout.js';
export { InvalidOptionError } from './errors/invalid-option-error.js';
export {
  isLeakproofError,
  LeakproofError,
  type LeakproofErrorOptions,
} from './errors/leakproof-error.js';
export type { FileIdentity } from './internal/fs-identity.js';
export { FileJournal, type FileJournalOptions } from './journal/file-journal.js';
export { JournalWriteError } from './journal/journal-errors.js';
export type { JournalRecord, OwnerIdentity } from './journal/journal-records.js';
export { JournalCorruptError } from './journal/read-journal.js';
export { type RecoverOptions, recover } from './journal/recover.js';
export {
  defineRecoverableKind,
  type RecoverableKind,
  type RecoveredResource,
} from './journal/recoverable-kind.js';
export { InvalidDescriptorError, UnknownResourceKindError } from './journal/recovery-errors.js';
export type { JournalRecovery, RecoveryReport } from './journal/recovery-report.js';
export type { JournalWriteHook } from './journal/scope-journal.js';
export { ProcessSurvivedError, ProcUnavailableError } from './proc/proc-errors.js';
export type { ProcReader } from './proc/proc-reader.js';
export type { ProcessIdentity } from './proc/process-identity.js';
export type { ActionResult } from './reaper/act.js';
export { type GatedPlan, gate } from './reaper/gate.js';
export type { IterationReport } from './reaper/iteration-report.js';
export { type PlanResult, plan } from './reaper/plan.js';
export type { HeldAction, HoldReason, PlannedAction } from './reaper/planned-action.js';
export { Reaper, type ReaperOptions } from './reaper/reaper.js';
export {
  parseReaperConfig,
  type ReaperConfig,
  type ReaperConfigInput,
  ReaperConfigSchema,
} from './reaper/reaper-config.js';
export {
  ReaperConfigError,
  ReaperIoError,
  ReaperIterationError,
  ReaperLockedError,
} from './reaper/reaper-errors.js';
export type {
  ReaperSnapshot,
  RegistryView,
  SessionView,
  SnapshotAgent,
} from './reaper/reaper-snapshot.js';
export { emptyReaperState, type ReaperState, ReaperStateSchema } from './reaper/reaper-state.js';
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
export type { RegistryChange, RegistryUndo } from './registry/registry-change.js';
export {
  builtinRegistryOperations,
  type RegistryChangeIntent,
  RegistryChangeUnrecoverableError,
  registryChangeRecovery,
} from './registry/registry-change-recovery.js';
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
  RegistryOperationError,
  RegistryUpdateAbortedError,
} from './registry/registry-errors.js';
export type { RegistryEvent, RegistryEventListener } from './registry/registry-events.js';
export {
  defineRegistryOperation,
  type RegistryOperation,
  unregisterAgentOperation,
  unregisterGlobalAgentOperation,
} from './registry/registry-operation.js';
export { RegistryStore } from './registry/registry-store.js';
export type { RegistryStoreOptions } from './registry/registry-store-options.js';
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
export { tmuxSession } from './resources/tmux-session.js';
export {
  TmuxSessionReleaseError,
  TmuxSessionStartError,
} from './resources/tmux-session-errors.js';
export type { TmuxSessionHandle } from './resources/tmux-session-handle.js';
export type { TmuxSessionOptions } from './resources/tmux-session-options.js';
export type { PendingRelease } from './scope/release-stack.js';
export type {
  AcquireContext,
  JsonValue,
  ReleaseContext,
  ReleaseReason,
  Resource,
} from './scope/resource.js';
export { ResourceScope } from './scope/resource-scope.js';
export {
  type RollbackOnSignalOptions,
  rollbackOnSignal,
} from './scope/rollback-on-signal.js';
export type { RollbackEntry, RollbackReport, SerializedError } from './scope/rollback-report.js';
export { RollbackError, ScopeClosedError } from './scope/scope-errors.js';
export type { ScopeEvent, ScopeEventListener } from './scope/scope-events.js';
export type { ResourceScopeOptions, ScopeState } from './scope/scope-options.js';
export type { KillSessionsResult } from './tmux/kill-sessions.js';
export type { TmuxCommand } from './tmux/tmux-argv.js';
export { TmuxClient } from './tmux/tmux-client.js';
export type { TmuxClientOptions, TmuxSocket } from './tmux/tmux-client-options.js';
export {
  TmuxCommandError,
  TmuxCommandTooLongError,
  TmuxDuplicateSessionError,
  TmuxError,
  type TmuxErrorDetails,
  TmuxNoServerError,
  TmuxNotInstalledError,
  TmuxOutputError,
  TmuxServerExitedError,
  TmuxTargetNotFoundError,
  TmuxTimeoutError,
  TmuxVersionError,
} from './tmux/tmux-errors.js';
export {
  defaultTmuxExec,
  type TmuxExec,
  type TmuxExecRequest,
  type TmuxExecResult,
} from './tmux/tmux-exec.js';
export type { TmuxPane, TmuxSnapshot } from './tmux/tmux-snapshot.js';
export type { TmuxVersion } from './tmux/tmux-version.js';
