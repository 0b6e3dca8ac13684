import type { RecoverableKind } from '../journal/recoverable-kind.js';
import { registryChangeRecovery } from '../registry/registry-change-recovery.js';
import { directoryRecovery } from './directory-recovery.js';
import { promptFileRecovery } from './prompt-file-recovery.js';
import { tmuxSessionRecovery } from './tmux-session-recovery.js';

/** The kinds `recover()` knows without being told: every resource kind leakproof ships. */
export const builtinRecoverableKinds: readonly RecoverableKind<unknown, unknown>[] = [
  promptFileRecovery,
  directoryRecovery,
  registryChangeRecovery(),
  tmuxSessionRecovery,
];
