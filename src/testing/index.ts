/**
 * `leakproof/testing`: the tmux sandbox, agent workspace, leak checks, fault injection and resource
 * contract that leakproof's own tests use, for downstream test suites. Plain async functions and
 * `AsyncDisposable`s; no test framework is imported, so vitest, node:test and others can use them.
 *
 * @packageDocumentation
 */

// Every public name is listed on purpose; nothing else under src/testing/ is reachable.

export {
  type AgentWorkspace,
  type AgentWorkspaceOptions,
  createAgentWorkspace,
  type WorkspaceTask,
} from './agent-workspace.js';
export type { ContractWorld, ResourceKindUnderTest } from './contract-world.js';
export { expectNoLeaks } from './expect-no-leaks.js';
export { type Fault, InjectedFaultError } from './fault-injector.js';
export { findLeaks, type LeakCheck } from './find-leaks.js';
export { type Leak, LeaksFoundError } from './leaks-found-error.js';
export { type ContractCheck, resourceContract } from './resource-contract.js';
export {
  createTmuxSandbox,
  type LabelledSession,
  type TmuxSandbox,
  type TmuxSandboxOptions,
} from './tmux-sandbox.js';
export { type FaultyResource, withFault, withFaultyKind } from './with-fault.js';
export type { WorkspaceAgent } from './workspace-records.js';
