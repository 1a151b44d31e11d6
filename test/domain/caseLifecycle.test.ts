import {
  CASE_ACTION_NAMES,
  CASE_ACTIONS,
  CASE_STATES,
  isOpenState,
  OPEN_STATES,
  planTransition,
  PREVIOUS_STATE,
  STAFF_ROLES,
  STATE_INFO,
  TERMINAL_STATES,
  type CaseAction,
  type CaseState,
  type StaffRole,
} from '../../src/domain/caseLifecycle';
import { DomainError } from '../../src/domain/errors';

function refusal(state: CaseState, action: CaseAction, role: StaffRole): DomainError {
  try {
    planTransition(state, action, role);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`${role} was allowed to ${action} from ${state}`);
}

const ruleOf = (action: CaseAction) =>
  CASE_ACTIONS[action] as { roles: readonly StaffRole[]; from: readonly CaseState[]; to: CaseState | null };

/** Whether the role may take the action (in a state it may be taken from), by the documented rules. */
function mayAct(action: CaseAction, state: CaseState, role: StaffRole): boolean {
  const acting = role === 'admin' ? 'county' : role;
  if (!ruleOf(action).roles.includes(acting)) return false;
  return action !== 'send_back' || STATE_INFO[state].owner === acting;
}

const ACTIONS_BUT_SEND_BACK = CASE_ACTION_NAMES.filter((a) => a !== 'send_back');

describe('planTransition', () => {
  it('knows every action', () => {
    expect([...CASE_ACTION_NAMES].sort()).toEqual(
      ['accept', 'assign', 'close', 'county_confirm', 'finish_publicity', 'record_visit', 'reject', 'send_back', 'start_publicity', 'township_approve', 'transfer'].sort(),
    );
  });

  describe.each(ACTIONS_BUT_SEND_BACK.map((a) => [a]))('%s', (action) => {
    const rule = ruleOf(action);

    it('is allowed from each of its states for each listed role, landing on its target', () => {
      for (const state of rule.from) {
        for (const role of rule.roles) {
          expect(planTransition(state, action, role)).toEqual({ action, from: state, to: rule.to });
        }
      }
    });

    it('is refused with 409 invalid_transition from every other state, whatever the role', () => {
      for (const state of CASE_STATES.filter((s) => !rule.from.includes(s))) {
        for (const role of STAFF_ROLES) {
          const error = refusal(state, action, role);
          expect(error.status).toBe(409);
          expect(error.code).toBe('invalid_transition');
        }
      }
    });

    it('is refused with 403 forbidden_action for roles not listed', () => {
      const others = STAFF_ROLES.filter((r) => r !== 'admin' && !rule.roles.includes(r));
      for (const state of rule.from) {
        for (const role of others) {
          const error = refusal(state, action, role);
          expect(error.status).toBe(403);
          expect(error.code).toBe('forbidden_action');
        }
      }
    });

    it('lets an admin act exactly when the county may', () => {
      for (const state of rule.from) {
        if (rule.roles.includes('county')) {
          expect(planTransition(state, action, 'admin')).toEqual({ action, from: state, to: rule.to });
        } else {
          expect(refusal(state, action, 'admin').status).toBe(403);
        }
      }
    });
  });

  it('spot checks: cadre accepts an assigned case, township cannot; county confirms, township cannot', () => {
    expect(planTransition('assigned', 'accept', 'cadre').to).toBe('investigating');
    expect(refusal('assigned', 'accept', 'township').status).toBe(403);
    expect(planTransition('county_review', 'county_confirm', 'county').to).toBe('monitored');
    expect(planTransition('county_review', 'county_confirm', 'admin').to).toBe('monitored');
    expect(refusal('county_review', 'county_confirm', 'township').status).toBe(403);
    expect(refusal('monitored', 'close', 'county').status).toBe(409);
  });

  describe('send_back', () => {
    const rule = ruleOf('send_back');

    it('has a previous state for every state it may be taken from', () => {
      for (const state of rule.from) expect(PREVIOUS_STATE[state]).toBeDefined();
    });

    it('is taken only by the owner of the current state and lands on the previous state', () => {
      for (const state of rule.from) {
        const owner = STATE_INFO[state].owner;
        expect(owner).not.toBeNull();
        expect(planTransition(state, 'send_back', owner!)).toEqual({ action: 'send_back', from: state, to: PREVIOUS_STATE[state] });
        for (const role of STAFF_ROLES.filter((r) => r !== owner && !(r === 'admin' && owner === 'county'))) {
          const error = refusal(state, 'send_back', role);
          expect(error.status).toBe(403);
          expect(error.code).toBe('forbidden_action');
        }
      }
    });

    it('matches the documented steps back', () => {
      expect(planTransition('investigating', 'send_back', 'cadre').to).toBe('assigned');
      expect(planTransition('village_review', 'send_back', 'cadre').to).toBe('investigating');
      expect(planTransition('publicity', 'send_back', 'cadre').to).toBe('village_review');
      expect(planTransition('township_review', 'send_back', 'township').to).toBe('village_review');
      expect(planTransition('county_review', 'send_back', 'county').to).toBe('township_review');
      expect(planTransition('county_review', 'send_back', 'admin').to).toBe('township_review');
    });

    it('is refused with 409 from states it cannot be taken from', () => {
      for (const state of CASE_STATES.filter((s) => !rule.from.includes(s))) {
        for (const role of STAFF_ROLES) expect(refusal(state, 'send_back', role).status).toBe(409);
      }
    });
  });

  it('agrees with the rule table for every state, action and role', () => {
    for (const state of CASE_STATES) {
      for (const action of CASE_ACTION_NAMES) {
        for (const role of STAFF_ROLES) {
          const rule = ruleOf(action);
          if (!rule.from.includes(state)) expect(refusal(state, action, role).status).toBe(409);
          else if (!mayAct(action, state, role)) expect(refusal(state, action, role).status).toBe(403);
          else expect(planTransition(state, action, role).to).toBe(rule.to ?? PREVIOUS_STATE[state]);
        }
      }
    }
  });
});

describe('states', () => {
  it('every state has a label, a resident label and a next sentence', () => {
    for (const state of CASE_STATES) {
      const info = STATE_INFO[state];
      expect(info.label.length).toBeGreaterThan(0);
      expect(info.residentLabel.length).toBeGreaterThan(0);
      expect(info.next.length).toBeGreaterThan(0);
    }
    expect(Object.keys(STATE_INFO).sort()).toEqual([...CASE_STATES].sort());
  });

  it('terminal states have no owner; open states have one', () => {
    for (const state of CASE_STATES) {
      if (TERMINAL_STATES.includes(state)) expect(STATE_INFO[state].owner).toBeNull();
      else expect(STATE_INFO[state].owner).not.toBeNull();
    }
  });

  it('OPEN_STATES excludes monitored, rejected and closed', () => {
    expect([...TERMINAL_STATES].sort()).toEqual(['closed', 'monitored', 'rejected']);
    expect(OPEN_STATES).toEqual(['submitted', 'assigned', 'investigating', 'village_review', 'publicity', 'township_review', 'county_review']);
    for (const state of CASE_STATES) expect(isOpenState(state)).toBe(OPEN_STATES.includes(state));
  });

  it('no action leaves a terminal state', () => {
    for (const action of CASE_ACTION_NAMES) {
      for (const state of TERMINAL_STATES) expect(ruleOf(action).from).not.toContain(state);
    }
  });
});

describe('action inputs', () => {
  it('close accepts only the listed reasons', () => {
    expect(CASE_ACTIONS.close.input.safeParse({ reason: 'no_risk' }).success).toBe(true);
    expect(CASE_ACTIONS.close.input.safeParse({ reason: 'bored' }).success).toBe(false);
  });

  it('record_visit needs two visitors', () => {
    const visit = {
      visitedOn: '2026-11-20',
      visitors: ['张三丰', '李四光'],
      verifiedRiskTypes: ['illness'],
      income: { wage: 1, business: 0, property: 0, transfer: 0, businessExpense: 0, insuranceClaims: 0, compliantOutOfPocket: 0 },
      assets: { company: false, urbanProperty: false, consumerCar: false },
    };
    expect(CASE_ACTIONS.record_visit.input.safeParse(visit).success).toBe(true);
    expect(CASE_ACTIONS.record_visit.input.safeParse({ ...visit, visitors: ['张三丰'] }).success).toBe(false);
  });
});
