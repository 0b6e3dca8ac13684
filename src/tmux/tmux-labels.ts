/**
 * The tmux user option holding the uuid of the leakproof resource that created a session.
 *
 * @example
 * ```ts
 * ['set-option', '-t', '$3', LEAKPROOF_ID_OPTION, uuid]
 * ```
 */
export const LEAKPROOF_ID_OPTION = '@leakproof_id';

/**
 * The tmux user option naming the process that created a session (`<bootId>/<pid>/<start>`).
 *
 * @example
 * ```ts
 * ['set-option', '-t', '$3', LEAKPROOF_OWNER_OPTION, owner]
 * ```
 */
export const LEAKPROOF_OWNER_OPTION = '@leakproof_owner';

/**
 * The environment variable every process of a leakproof session inherits: its uuid.
 *
 * @example
 * ```ts
 * await scanProcesses({ markerName: SESSION_MARKER_ENV });
 * ```
 */
export const SESSION_MARKER_ENV = 'LEAKPROOF_SESSION';
