import {
  allowedActions,
  CASE_ACTIONS,
  CASE_STATES,
  decide,
  queueStates,
  refusal,
  STAFF_ROLES,
  stepOwner,
  type CaseAction,
  type CaseState,
  type StaffRole,
  type WorkflowCase,
} from '../../../src/domain/workflow';
import { DomainError } from '../../../src/domain/errors';
import { ACTORS, caseIn, domainErrorOf, env, NOW, objection, publicity, validInput, type ActorName } from './fixtures';

/**
 * Who may take which action in which state: the procedure of docs/workflow.md and DOMAIN.md §5
 * written out by hand, independently of RULES. "assignee" is the cadre the case is assigned to;
 * an admin acts with the county's rights. A state missing from an action's row means nobody may
 * take that action there.
 */
type Who = 'assignee' | 'township' | 'county' | 'admin' | 'resident' | 'system';
const STAFF: Who[] = ['township', 'county', 'admin'];
const OPEN: CaseState[] = ['submitted', 'assigned', 'investigating', 'confirming', 'village_review', 'publicity', 'township_review', 'county_review'];

const WHO: Record<CaseAction, Partial<Record<CaseState, Who[]>>> = {
  assign: { submitted: STAFF, assigned: STAFF, investigating: STAFF, confirming: STAFF, village_review: STAFF, publicity: STAFF },
  accept: { assigned: ['assignee'] },
  transfer: { assigned: ['assignee'], investigating: ['assignee'] },
  // 结案 only before the visit is confirmed; the system closes a call-back request that became a declaration.
  close: { submitted: [...STAFF, 'system'], assigned: ['assignee', ...STAFF, 'system'], investigating: ['assignee', ...STAFF] },
  record_visit: { investigating: ['assignee'], confirming: ['assignee'] },
  confirm_visit: { confirming: ['resident'] },
  object_visit: { confirming: ['resident'] },
  record_signature: { confirming: ['assignee'] },
  record_review: { village_review: ['assignee'] },
  start_publicity: { village_review: ['assignee'] },
  record_objection: { publicity: ['assignee'] },
  answer_objection: { publicity: ['assignee'] },
  finish_publicity: { publicity: ['assignee'] },
  township_approve: { township_review: ['township'] },
  township_return: { township_review: ['township'] },
  county_confirm: { county_review: ['county', 'admin'] },
  county_reject: { county_review: ['county', 'admin'] },
  send_back: { village_review: ['assignee'], publicity: ['assignee'], county_review: ['county', 'admin'] },
  reopen: { closed: STAFF },
  help_first: Object.fromEntries(OPEN.map((s) => [s, STAFF])),
};

/** Which actors reach this household's case at all (a case out of reach looks missing). */
const IN_SCOPE: Record<ActorName, boolean> = {
  assignee: true,
  sameVillageCadre: true,
  outOfScopeCadre: false,
  township: true,
  otherTownship: false,
  county: true,
  otherCounty: false,
  admin: true,
  owner: true,
  otherResident: false,
  system: true,
};
/** The table's name for an in-scope actor; the other cadre of the village is never "assignee". */
const WHO_OF: Record<ActorName, Who | null> = {
  assignee: 'assignee',
  sameVillageCadre: null,
  outOfScopeCadre: null,
  township: 'township',
  otherTownship: null,
  county: 'county',
  otherCounty: null,
  admin: 'admin',
  owner: 'resident',
  otherResident: null,
  system: 'system',
};

/**
 * The fixtures: every state, plus publicity with an objection still unanswered. `notReady` are
 * the actions the case itself is not ready for there (refused 409 even to the right person).
 */
const FIXTURES: { name: string; c: WorkflowCase; notReady: CaseAction[] }[] = [
  ...CASE_STATES.map((state) => ({ name: state, c: caseIn(state), notReady: state === 'publicity' ? (['answer_objection'] as CaseAction[]) : [] })),
  { name: 'publicity with an open objection', c: caseIn('publicity', { publicity: publicity({ objections: [objection(1)] }) }), notReady: ['finish_publicity'] },
];

type Outcome = 'allowed' | 'not_found 404' | 'invalid_transition 409' | 'forbidden_action 403';

function expected(f: (typeof FIXTURES)[number], actor: ActorName, action: CaseAction): Outcome {
  if (!IN_SCOPE[actor]) return 'not_found 404';
  const row = WHO[action][f.c.state];
  if (!row) return 'invalid_transition 409';
  const who = WHO_OF[actor];
  if (!who || !row.includes(who)) return 'forbidden_action 403';
  return f.notReady.includes(action) ? 'invalid_transition 409' : 'allowed';
}

const outcomeOf = (error: DomainError | null): Outcome => (error ? (`${error.code} ${error.status}` as Outcome) : 'allowed');
const ACTOR_NAMES = Object.keys(ACTORS) as ActorName[];
const ACTIONS = Object.keys(WHO) as CaseAction[];

it('the table covers every action, state and staff role the code knows', () => {
  // A new action, state or role must be added to this table before this file passes again.
  expect([...CASE_ACTIONS].sort()).toEqual([...ACTIONS].sort());
  expect(CASE_STATES).toEqual(['submitted', 'assigned', 'investigating', 'confirming', 'village_review', 'publicity', 'township_review', 'county_review', 'monitored', 'rejected', 'closed']);
  expect(STAFF_ROLES).toEqual(['cadre', 'township', 'county', 'admin']);
});

describe.each(FIXTURES)('$name', (f) => {
  it.each(ACTOR_NAMES)('%s: decide and refusal match the table for every action', (actor) => {
    const want = Object.fromEntries(ACTIONS.map((a) => [a, expected(f, actor, a)]));
    const viaDecide = Object.fromEntries(
      ACTIONS.map((a) => {
        try {
          const decision = decide(f.c, ACTORS[actor], a, validInput(a), env());
          expect(decision.action).toBe(a);
          return [a, 'allowed'];
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          return [a, outcomeOf(error)];
        }
      }),
    );
    const viaRefusal = Object.fromEntries(ACTIONS.map((a) => [a, outcomeOf(refusal(f.c, ACTORS[actor], a, env()))]));
    expect(viaDecide).toEqual(want);
    expect(viaRefusal).toEqual(want);
  });

  it.each(ACTOR_NAMES)('%s: allowedActions lists exactly the allowed ones', (actor) => {
    const want = ACTIONS.filter((a) => expected(f, actor, a) === 'allowed');
    expect([...allowedActions(f.c, ACTORS[actor], env())].sort()).toEqual(want.sort());
  });
});

describe('scope details', () => {
  it('a resident cannot reach a case with no resident account linked', () => {
    const c = caseIn('confirming', { residentId: null });
    expect(domainErrorOf(() => decide(c, ACTORS.owner, 'confirm_visit', {}, env()))).toMatchObject({ code: 'not_found', status: 404, message: '案件不存在' });
    expect(allowedActions(c, ACTORS.owner, env())).toEqual([]);
  });

  it('being assigned is enough: a cadre who is not (or no longer) responsible for the village still reaches their case', () => {
    const elsewhere = { kind: 'staff', id: 14, name: '钱进', role: 'cadre', regionCode: null, villageCodes: [] } as const;
    const c = caseIn('assigned', { assigneeId: 14 });
    expect(allowedActions(c, elsewhere, env()).sort()).toEqual(['accept', 'close', 'transfer']);
    // …while the village's own cadres see it but cannot act for the assignee.
    expect(allowedActions(c, ACTORS.assignee, env())).toEqual([]);
  });

  it('the refusals say why in Chinese', () => {
    expect(refusal(caseIn('submitted'), ACTORS.assignee, 'accept', env())?.message).toBe('案件当前为“待分派”，不能受理');
    expect(refusal(caseIn('assigned'), ACTORS.sameVillageCadre, 'accept', env())?.message).toBe('这件申报不在您的待办里');
    expect(refusal(caseIn('assigned'), ACTORS.township, 'accept', env())?.message).toBe('乡镇不能受理');
    expect(refusal(caseIn('confirming'), ACTORS.assignee, 'confirm_visit', env())?.message).toBe('村干部不能户主确认核查情况');
    expect(refusal(caseIn('township_review'), ACTORS.owner, 'township_approve', env())?.message).toBe('群众不能乡镇审核通过');
    expect(refusal(caseIn('investigating'), ACTORS.system, 'close', env())?.message).toBe('系统不能结案');
    expect(refusal(caseIn('assigned', { urgent: false }), ACTORS.county, 'help_first', env())?.message).toBe('先行帮扶只用于紧急情况（遭灾、意外、没水吃等）');
  });

  it('a refused decision is thrown before anything runs: an invalid input does not matter then', () => {
    // The permission check comes first, so a stranger learns nothing from the input's problems.
    expect(domainErrorOf(() => decide(caseIn('assigned'), ACTORS.outOfScopeCadre, 'assign', { assigneeId: -1 }, env())).code).toBe('not_found');
  });

  it('the clock does not change who may act (refusal reads only `now`)', () => {
    const later = { now: new Date(NOW.getTime() + 30 * 86_400_000) };
    expect(allowedActions(caseIn('county_review'), ACTORS.admin, later).sort()).toEqual(['county_confirm', 'county_reject', 'help_first', 'send_back']);
  });
});

describe('whose 待办 a state is in', () => {
  const OWNER: Record<CaseState, string | null> = {
    submitted: 'township',
    assigned: 'cadre',
    investigating: 'cadre',
    // The household confirms, but the cadre chases it (or records the paper signature).
    confirming: 'cadre',
    village_review: 'cadre',
    publicity: 'cadre',
    township_review: 'township',
    county_review: 'county',
    monitored: null,
    rejected: null,
    closed: null,
  };
  it.each(CASE_STATES)('%s', (state) => expect(stepOwner(state)).toBe(OWNER[state]));

  const QUEUES: Record<StaffRole, CaseState[]> = {
    cadre: ['assigned', 'investigating', 'confirming', 'village_review', 'publicity'],
    township: ['submitted', 'township_review'],
    county: ['county_review'],
    admin: ['county_review'],
  };
  it.each(STAFF_ROLES)('queueStates(%s)', (role) => expect(queueStates(role)).toEqual(QUEUES[role]));
});
