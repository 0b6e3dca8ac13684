import { describe, expect, it } from 'vitest';
import { gate } from '../../src/reaper/gate.js';
import { plan } from '../../src/reaper/plan.js';
import { parseReaperConfig } from '../../src/reaper/reaper-config.js';
import type { ReaperSnapshot, SnapshotAgent } from '../../src/reaper/reaper-snapshot.js';
import { emptyReaperState } from '../../src/reaper/reaper-state.js';

const MIN = 60_000;
const T0 = 1_800_000_000_000;

function agent(
  id: string,
  status: string,
  nonce?: string,
  extra: Partial<SnapshotAgent> = {},
): SnapshotAgent {
  const terminal = ['completed', 'killed', 'failed'].includes(status);
  return {
    task: 'TASK-1',
    id,
    validId: /^[A-Za-z0-9][\w-]*$/.test(id),
    status,
    terminal,
    ...(nonce ? { nonce } : {}),
    ...extra,
  };
}

function snapshot(
  agents: SnapshotAgent[],
  sessions: ReaperSnapshot['sessions'],
  extra: Partial<ReaperSnapshot> = {},
): ReaperSnapshot {
  return {
    takenAtMs: T0,
    registries: [{ task: 'TASK-1', state: 'ok', mtimeMs: T0 - 60 * MIN, agents }],
    sessions,
    markedProcesses: {},
    ...extra,
  };
}

const config = (more: Record<string, unknown> = {}) =>
  parseReaperConfig({
    root: '/work',
    terminalGraceMs: 0,
    orphanGraceMs: 5 * MIN,
    inactiveAfterMs: 30 * MIN,
    ...more,
  });

describe('plan and gate (pure)', () => {
  it('tears down a terminal agent whose labelled session lives; never an unlabelled agent_* session', () => {
    const snap = snapshot(
      [agent('a1', 'completed', 'n1', { endedAtMs: T0 - MIN })],
      [
        { sessionId: '$1', sessionName: 'agent_a1', label: 'n1', activityMs: T0 },
        { sessionId: '$2', sessionName: 'agent_a1-user', activityMs: T0 - 99 * MIN },
      ],
    );
    const { candidates } = plan(snap, emptyReaperState(), config(), T0);
    expect(candidates).toEqual([
      expect.objectContaining({ kind: 'teardown', agentId: 'a1', sessionId: '$1' }),
    ]);
    expect(gate(candidates, snap, config(), T0).actions).toHaveLength(1);
  });

  it('is idle only when registry, newest window_activity and log mtime are all old', () => {
    const session = {
      sessionId: '$1',
      sessionName: 'agent_a1',
      label: 'n1',
      activityMs: T0 - 40 * MIN,
    };
    const old = agent('a1', 'running', 'n1', { logMtimeMs: T0 - 40 * MIN });
    expect(
      plan(snapshot([old], [session]), emptyReaperState(), config(), T0).candidates[0]?.kind,
    ).toBe('kill-idle');
    const logging = agent('a1', 'running', 'n1', { logMtimeMs: T0 - MIN });
    expect(
      plan(snapshot([logging], [session]), emptyReaperState(), config(), T0).candidates,
    ).toEqual([]);
    const busy = { ...session, activityMs: T0 - MIN };
    expect(plan(snapshot([old], [busy]), emptyReaperState(), config(), T0).candidates).toEqual([]);
    const fresh = snapshot([old], [session], {
      registries: [{ task: 'TASK-1', state: 'ok', mtimeMs: T0 - MIN, agents: [old] }],
    });
    expect(plan(fresh, emptyReaperState(), config(), T0).candidates).toEqual([]);
    const candidates = plan(
      snapshot([old], [session]),
      emptyReaperState(),
      config(),
      T0,
    ).candidates;
    expect(gate(candidates, snapshot([old], [session]), config(), T0).held[0]?.reason).toBe(
      'warn-mode',
    );
  });

  it('kills an orphan only after two observations orphanGrace apart, and only in kill mode', () => {
    const orphan = { sessionId: '$7', sessionName: 'agent_gone', label: 'lost', activityMs: T0 };
    const snap = snapshot([], [orphan]);
    const cfg = config({ orphanMode: 'kill' });
    const first = plan(snap, emptyReaperState(), cfg, T0);
    expect(gate(first.candidates, snap, cfg, T0).held[0]?.reason).toBe('first-observation');
    const early = plan(snap, first.state, cfg, T0 + MIN);
    expect(gate(early.candidates, snap, cfg, T0 + MIN).held[0]?.reason).toBe('orphan-grace');
    const late = plan(snap, early.state, cfg, T0 + 6 * MIN);
    expect(gate(late.candidates, snap, cfg, T0 + 6 * MIN).actions).toEqual([
      expect.objectContaining({ kind: 'kill-orphan', sessionId: '$7', label: 'lost' }),
    ]);
    expect(gate(late.candidates, snap, config(), T0 + 6 * MIN).held[0]?.reason).toBe('warn-mode');
  });

  it('a session whose creator still runs is never an orphan, and its clock starts only after', () => {
    const orphan = {
      sessionId: '$7',
      sessionName: 'agent_new',
      label: 'fresh',
      activityMs: T0,
      ownerAlive: true,
    };
    const snap = snapshot([], [orphan]);
    const cfg = config({ orphanMode: 'kill', orphanGraceMs: 0 });
    const first = plan(snap, emptyReaperState(), cfg, T0);
    expect(first.state.orphanSeen).toEqual({});
    expect(gate(first.candidates, snap, cfg, T0 + MIN).held[0]?.reason).toBe('owner-alive');
    const dead = snapshot([], [{ ...orphan, ownerAlive: false }]);
    const next = plan(dead, first.state, cfg, T0 + MIN);
    expect(gate(next.candidates, dead, cfg, T0 + MIN).held[0]?.reason).toBe('first-observation');
  });

  it('an unreadable registry is "unknown": no orphan kills and no orphan clock', () => {
    const orphan = {
      sessionId: '$7',
      sessionName: 'agent_x',
      label: 'maybe-in-broken',
      activityMs: T0,
    };
    const snap = snapshot([], [orphan], {
      registries: [
        {
          task: 'TASK-2',
          state: 'unknown',
          agents: [],
          error: { name: 'E', message: 'truncated' },
        },
      ],
    });
    const cfg = config({ orphanMode: 'kill', orphanGraceMs: 0 });
    const first = plan(snap, emptyReaperState(), cfg, T0);
    expect(first.state.orphanSeen).toEqual({});
    expect(first.notes[0]).toMatch(/TASK-2 unknown/);
    const later = plan(snap, first.state, cfg, T0 + 99 * MIN);
    expect(gate(later.candidates, snap, cfg, T0 + 99 * MIN).held[0]?.reason).toBe(
      'registry-unknown',
    );
  });

  it('matches by label only: hostile tmux_session values and a reused name change nothing', () => {
    const agents = [
      agent('a1', 'completed', 'old-gen', { tmuxSession: 'agent_a1', endedAtMs: T0 - MIN }),
      agent('b1', 'completed', undefined, { tmuxSession: '*', endedAtMs: T0 - MIN }),
      agent('c1', 'completed', undefined, { tmuxSession: '$(touch /tmp/pwned)' }),
      agent('d1', 'completed', undefined, { tmuxSession: 'agent_' }),
    ];
    const sessions = [
      { sessionId: '$3', sessionName: 'agent_a1', label: 'new-gen', activityMs: T0 },
      { sessionId: '$4', sessionName: 'agent_d1-live', activityMs: T0 },
    ];
    const snap = snapshot(agents, sessions, {
      registries: [
        { task: 'TASK-1', state: 'ok', mtimeMs: T0, agents },
        { task: 'TASK-2', state: 'ok', mtimeMs: T0, agents: [agent('a1', 'running', 'new-gen')] },
      ],
    });
    expect(plan(snap, emptyReaperState(), config(), T0).candidates).toEqual([]);
  });

  it('notes invalid ids and never acts on them', () => {
    const bad = agent('x/../../victim', 'completed', 'n1');
    const snap = snapshot(
      [bad],
      [{ sessionId: '$1', sessionName: 's', label: 'n1', activityMs: T0 }],
    );
    const result = plan(snap, emptyReaperState(), config(), T0);
    expect(result.candidates).toEqual([]);
    expect(result.notes[0]).toMatch(/invalid agent id/);
  });

  it('protect globs, terminal grace, the circuit breaker and maxActions hold actions back', () => {
    const ids = ['a1', 'a2', 'a3', 'a4'];
    const agents = ids.map((id) => agent(id, 'completed', `n-${id}`, { endedAtMs: T0 - MIN }));
    const sessions = ids.map((id, i) => ({
      sessionId: `$${i}`,
      sessionName: `agent_${id}`,
      label: `n-${id}`,
      activityMs: T0,
    }));
    const snap = snapshot(agents, sessions);
    const { candidates } = plan(snap, emptyReaperState(), config(), T0);
    // Registry-declared terminal agents: a finished batch is cleaned up, breaker or not.
    expect(gate(candidates, snap, config(), T0).actions).toHaveLength(4);
    // The same sessions seen as idle agents: inferred kills of more than half trip the breaker.
    const idle = ids.map((id) => agent(id, 'running', `n-${id}`, { logMtimeMs: T0 - 99 * MIN }));
    const idleSnap = snapshot(
      idle,
      sessions.map((s) => ({ ...s, activityMs: T0 - 99 * MIN })),
    );
    const idlePlan = plan(idleSnap, emptyReaperState(), config(), T0).candidates;
    const killing = config({ idleMode: 'kill' });
    expect(gate(idlePlan, idleSnap, killing, T0).held.map((h) => h.reason)).toEqual(
      Array(4).fill('circuit-breaker'),
    );
    expect(gate(idlePlan.slice(0, 2), idleSnap, killing, T0).actions).toHaveLength(2);
    const protect = config({ protect: ['agent_a[12]', 'a3'] });
    const gated = gate(candidates, snap, protect, T0);
    expect(gated.held.map((h) => h.reason)).toEqual(['protected', 'protected', 'protected']);
    expect(gated.actions.map((a) => a.agentId)).toEqual(['a4']);
    expect(
      gate(candidates, snap, config({ terminalGraceMs: 5 * MIN, breakerMinKills: 99 }), T0).actions,
    ).toEqual([]);
    const capped = gate(candidates, snap, config({ maxActions: 1, breakerMinKills: 99 }), T0);
    expect(capped.actions).toHaveLength(1);
    expect(capped.held.filter((h) => h.reason === 'max-actions')).toHaveLength(3);
  });
});
