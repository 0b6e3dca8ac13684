import { LeakproofError } from '../errors/leakproof-error.js';

/**
 * An agent could not be registered: its id is already there, or (when asked) a live agent of
 * the same type is. The registry is unchanged.
 *
 * @example
 * ```ts
 * registerAgent(registry, agent, { refuseLiveDuplicateType: true }); // may throw
 * ```
 */
export class DuplicateAgentError extends LeakproofError<'AGENT_DUPLICATE'> {
  /** The id of the agent already registered. */
  readonly existingId: string;

  constructor(id: string, existingId: string, why: 'id' | 'live-type') {
    super(
      'AGENT_DUPLICATE',
      why === 'id'
        ? `Agent ${id} is already registered`
        : `Agent ${id} refused: agent ${existingId} of the same type is still live`,
    );
    this.existingId = existingId;
  }
}
DuplicateAgentError.prototype.name = 'DuplicateAgentError';

/**
 * No agent with that id is registered.
 *
 * @example
 * ```ts
 * markAgentTerminal(registry, 'nope', 'killed'); // throws AgentNotFoundError
 * ```
 */
export class AgentNotFoundError extends LeakproofError<'AGENT_NOT_FOUND'> {
  constructor(id: string) {
    super('AGENT_NOT_FOUND', `No agent ${id} in the registry`);
  }
}
AgentNotFoundError.prototype.name = 'AgentNotFoundError';
