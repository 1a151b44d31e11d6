import { WorkCalendar } from '../../../src/domain/calendar';
import { decide, firstStep, recomputeDue, ruleOf, type CaseAction, type Decision, type WorkflowActor, type WorkflowCase } from '../../../src/domain/workflow';
import { ACTORS, ASSIGNEE_ID, caseIn, domainErrorOf, env, issuesOf, NOW, objection, passedReview, pendingConfirmation, publicity, validInput, visitRecord } from './fixtures';

/**
 * Each rule's whole effect, on the fixtures' calendar: NOW is Friday 2026-11-27 10:00 China time,
 * so with the default clock a step of 1 working day is due at the end of Mon 11-30, 2 → Tue 12-01,
 * 5 → Fri 12-04, and the whole procedure (15) → Fri 12-18. Times below are the ends of those
 * China days in UTC (15:59:59.999Z).
 */
const END = (date: string) => `${date}T15:59:59.999Z`;
const NOW_ISO = NOW.toISOString();

function run(c: WorkflowCase, actor: WorkflowActor, action: CaseAction, overrides: Record<string, unknown> = {}, e = env()): Decision {
  return decide(c, actor, action, validInput(action, overrides), e);
}
const stepDue = (d: Decision) => d.step?.due?.dueAt.toISOString() ?? null;

describe('assign', () => {
  it('gives a submitted case to the village cadre the service looked up', () => {
    const d = run(caseIn('submitted'), ACTORS.township, 'assign', { note: '请尽快联系' });
    expect(d).toMatchObject({ from: 'submitted', to: 'assigned', changes: { assigneeId: ASSIGNEE_ID, needsRouting: false }, note: '请尽快联系', residentText: null });
    expect(d.notices).toEqual([{ to: 'assignee', kind: 'case_assigned', note: '请尽快联系' }]);
    expect(d.step?.startedAt).toBe(NOW);
    expect(stepDue(d)).toBe(END('2026-11-30'));
    expect(d.procedureDue).toBeUndefined();
  });

  it.each(['investigating', 'confirming', 'village_review', 'publicity'] as const)('hands on a case in %s to another cadre: same step, same clock', (state) => {
    const d = run(caseIn(state, { assigneeId: 12 }), ACTORS.township, 'assign', { note: '原村干部调离' });
    expect(d).toMatchObject({ from: state, to: state, changes: { assigneeId: ASSIGNEE_ID } });
    expect(d.step).toBeUndefined();
    expect(d.notices).toEqual([{ to: 'assignee', kind: 'case_assigned', note: '原村干部调离' }]);
  });

  it.each([
    ['nobody found', null],
    ['inactive', { id: ASSIGNEE_ID, name: '张明', active: false, responsible: true }],
    ['not responsible for the village', { id: ASSIGNEE_ID, name: '张明', active: true, responsible: false }],
    ['another person than the one named', { id: 99, name: '别人', active: true, responsible: true }],
  ])('refuses a cadre who is %s', (_, assignee) => {
    const error = domainErrorOf(() => run(caseIn('submitted'), ACTORS.township, 'assign', {}, env({ assignee })));
    expect(error).toMatchObject({ code: 'validation_failed', status: 400, message: '只能分派给负责这个村的村干部', details: { field: 'assigneeId' } });
  });
});

describe('accept and transfer', () => {
  it('accept starts the visit step and tells the household who accepted', () => {
    const d = run(caseIn('assigned'), ACTORS.assignee, 'accept');
    expect(d).toMatchObject({ to: 'investigating', changes: {} });
    expect(d.notices).toEqual([{ to: 'resident', kind: 'case_accepted' }]);
    expect(d.residentText).toBe('村干部张明已受理您的申报，会两人一起到您家了解情况，请准备好户口本和身份证。');
    expect(stepDue(d)).toBe(END('2026-12-01'));
  });

  it('a case with no resident account gets no resident notice (nobody to send it to)', () => {
    const d = run(caseIn('assigned', { residentId: null }), ACTORS.assignee, 'accept');
    expect(d.notices).toEqual([]);
  });

  it.each(['assigned', 'investigating'] as const)('transfer from %s hands the case back to the township to route', (state) => {
    const d = run(caseIn(state), ACTORS.assignee, 'transfer');
    expect(d).toMatchObject({ to: 'submitted', changes: { assigneeId: null, needsRouting: true }, note: '不归我村管', residentText: null });
    expect(d.notices).toEqual([{ to: 'township', kind: 'case_transferred', note: '不归我村管' }]);
    expect(stepDue(d)).toBe(END('2026-11-30'));
  });
});

describe('close', () => {
  it('ends the case with its reason, and says so to the household', () => {
    const d = run(caseIn('investigating'), ACTORS.assignee, 'close', { reason: 'withdrawn' });
    expect(d).toMatchObject({ to: 'closed', changes: { closeReason: 'withdrawn' }, note: '群众撤回' });
    expect(d.notices).toEqual([{ to: 'resident', kind: 'case_closed' }]);
    expect(d.residentText).toBe('这件申报已办结（您撤回了申报）。以后有新困难可以再申报。');
    // A closed case has no step clock any more.
    expect(d.step).toEqual({ startedAt: NOW, due: null });
  });

  it('keeps a staff note for the audit when one is given', () => {
    expect(run(caseIn('assigned'), ACTORS.township, 'close', { reason: 'duplicate', note: '与第3号重复' }).note).toBe('与第3号重复');
  });

  it('closed by the system (a call-back that became a declaration): no second message', () => {
    const d = run(caseIn('submitted'), ACTORS.system, 'close', { reason: 'duplicate' });
    expect(d.to).toBe('closed');
    expect(d.notices).toEqual([]);
  });

  it('accepts only the four reasons staff may pick (评议未通过 comes from the review)', () => {
    expect(issuesOf(ruleOf('close').input, { reason: 'review_failed' })).toEqual(['结案原因只能是：核查无风险、不符合纳入条件、重复申报、群众撤回']);
  });
});

describe('record_visit', () => {
  it('stores the form, its figures and the proposal, and asks the household to confirm the summary', () => {
    const d = run(caseIn('investigating'), ACTORS.assignee, 'record_visit', { note: '户主住院' });
    expect(d.to).toBe('confirming');
    expect(d.changes.visit).toEqual({
      visitedOn: '2026-11-26',
      visitors: ['张明', '王强'],
      method: 'home',
      respondent: 'household',
      householdSize: 4,
      verifiedRiskTypes: ['illness'],
      income: { wage: 24000, business: 8000, property: 0, transfer: 3600, businessExpense: 5000, insuranceClaims: 2000, compliantOutOfPocket: 6000 },
      assets: { company: false, urbanProperty: false, consumerCar: false },
      exclusions: [],
      note: '户主住院',
      // 24000+8000+0+3600−5000 = 30600 ÷ 4 = 7650; +2000−6000 = 26600 ÷ 4 = 6650 < 7000.
      figures: { netIncome: 30600, perCapitaNetIncome: 7650, referenceIncome: 26600, perCapitaReference: 6650, incomeLine: 7000, belowLine: true },
      conclusion: { conclusion: 'proceed' },
      recordedBy: '张明',
      recordedAt: NOW_ISO,
    });
    expect(d.changes.confirmation).toEqual({ state: 'pending', requestedAt: NOW_ISO, askedInWeChat: true });
    expect(d.notices).toEqual([{ to: 'resident', kind: 'case_visit_confirm' }]);
    expect(d.residentText).toBe(
      [
        '村干部记下了入户核查的情况，请您看看对不对：',
        '2026年11月26日，张明、王强到您家了解情况',
        '核实的困难：因病',
        '近12个月家庭纯收入30,600元，4口人，每人7,650元',
        '看病等合规自付6,000元，理赔2,000元',
        '结论：继续办理，下一步村里开会商量',
      ].join('\n'),
    );
    // The internal note is for the audit, never in what the household reads.
    expect(d.residentText).not.toContain('户主住院');
    expect(d.note).toBe('户主住院');
    expect(stepDue(d)).toBe(END('2026-12-01'));
  });

  it('without a resident account the household confirms on paper: nothing is sent', () => {
    const d = run(caseIn('investigating', { residentId: null }), ACTORS.assignee, 'record_visit');
    expect(d.changes.confirmation).toMatchObject({ state: 'pending', askedInWeChat: false });
    expect(d.notices).toEqual([]);
  });

  it('amending the record while waiting for confirmation asks again and restarts the step clock', () => {
    const c = caseIn('confirming', { confirmation: { ...pendingConfirmation, requestedAt: '2026-11-20T02:00:00.000Z' } });
    const d = run(c, ACTORS.assignee, 'record_visit');
    expect(d).toMatchObject({ from: 'confirming', to: 'confirming' });
    expect(d.changes.confirmation).toEqual({ state: 'pending', requestedAt: NOW_ISO, askedInWeChat: true });
    expect(d.step?.startedAt).toBe(NOW);
    expect(stepDue(d)).toBe(END('2026-12-01'));
  });

  it('a ticked exclusion proposes 核查结束 / 不符合纳入条件 with that category', () => {
    const d = run(caseIn('investigating'), ACTORS.assignee, 'record_visit', { exclusions: ['paid_village_cadre'] });
    expect(d.to).toBe('confirming');
    expect(d.changes.visit?.conclusion).toEqual({ conclusion: 'end', endReason: 'not_eligible', exclusions: ['paid_village_cadre'] });
    expect(d.residentText).toContain('结论：核查结束（不符合纳入条件：有家庭成员任村“两委”干部并定期领取薪酬）');
  });

  it('going on against an exclusion needs a written reason', () => {
    const error = domainErrorOf(() => run(caseIn('investigating'), ACTORS.assignee, 'record_visit', { exclusions: ['civil_servant'], conclusion: 'proceed' }));
    expect(error).toMatchObject({ code: 'validation_failed', status: 400, details: { field: 'conclusion' } });
    expect(error.message).toBe('勾选了不得纳入情形（有家庭成员或户主的父母、配偶、子女为国家公职人员），仍要履行认定程序的，请写明说明');
    const d = run(caseIn('investigating'), ACTORS.assignee, 'record_visit', { exclusions: ['civil_servant'], conclusion: 'proceed', overrideReason: '该成员已于去年退休' });
    expect(d.changes.visit?.conclusion).toEqual({ conclusion: 'proceed' });
    expect(d.changes.visit?.overrideReason).toBe('该成员已于去年退休');
  });

  it('refuses a visit date in the future or long before the case came in', () => {
    expect(domainErrorOf(() => run(caseIn('investigating'), ACTORS.assignee, 'record_visit', { visitedOn: '2026-11-28' }))).toMatchObject({
      code: 'validation_failed',
      message: '入户日期不能晚于今天（2026-11-27）',
      details: { field: 'visitedOn' },
    });
    // The case came in on 11-16: up to 30 days earlier is accepted (a cadre's screening visit).
    expect(run(caseIn('investigating'), ACTORS.assignee, 'record_visit', { visitedOn: '2026-10-17' }).to).toBe('confirming');
    expect(domainErrorOf(() => run(caseIn('investigating'), ACTORS.assignee, 'record_visit', { visitedOn: '2026-10-16' })).message).toBe('入户日期不能早于2026-10-17');
  });
});

describe('the household confirms (双签字)', () => {
  it('the resident confirms: on to the village review, confirmation signed by the household', () => {
    const d = run(caseIn('confirming'), ACTORS.owner, 'confirm_visit');
    expect(d.to).toBe('village_review');
    expect(d.changes).toEqual({ confirmation: { ...pendingConfirmation, state: 'confirmed', by: 'household', byName: '巴特尔', at: NOW_ISO } });
    expect(d.notices).toEqual([]);
    expect(stepDue(d)).toBe(END('2026-12-04'));
  });

  it('a case declared by a relative (代申报) is confirmed by that declarer, recorded as proxy', () => {
    const d = run(caseIn('confirming', { proxyName: '巴特尔之子' }), ACTORS.owner, 'confirm_visit');
    expect(d.changes.confirmation).toMatchObject({ state: 'confirmed', by: 'proxy', byName: '巴特尔之子' });
  });

  it('confirming a visit that concluded 核查结束 closes the case with the visit’s reason', () => {
    const visit = visitRecord({ exclusions: ['consumer_car'], conclusion: { conclusion: 'end', endReason: 'not_eligible', exclusions: ['consumer_car'] } });
    const d = run(caseIn('confirming', { visit }), ACTORS.owner, 'confirm_visit');
    expect(d).toMatchObject({ to: 'closed', changes: { closeReason: 'not_eligible' } });
    expect(d.notices).toEqual([{ to: 'resident', kind: 'case_closed' }]);
    expect(d.residentText).toBe('村里核查后，这次没有列入帮扶（不符合帮扶的条件）。有疑问可以找村干部；以后有新困难可以再申报。');
  });

  it.each([
    ['the resident', null],
    ['the proxy declarer', '巴特尔之子'],
  ])('%s objects: back to the visit, with the household’s words for the cadre', (_, proxyName) => {
    const d = run(caseIn('confirming', { proxyName }), ACTORS.owner, 'object_visit', { words: '打工收入没有那么多' });
    expect(d.to).toBe('investigating');
    expect(d.changes).toEqual({ confirmation: { ...pendingConfirmation, state: 'objected', words: '打工收入没有那么多', at: NOW_ISO } });
    expect(d.notices).toEqual([{ to: 'assignee', kind: 'case_visit_objected', note: '打工收入没有那么多' }]);
    expect(stepDue(d)).toBe(END('2026-12-01'));
  });

  it('an objection needs at least two characters of words', () => {
    expect(issuesOf(ruleOf('object_visit').input, { words: '不' })).toEqual(['您的意见至少2个字']);
  });

  it('the cadre records the paper signature, by the signer named (else the applicant)', () => {
    const d = run(caseIn('confirming'), ACTORS.assignee, 'record_signature', { signer: '其木格', note: '纸质表已归档' });
    expect(d.to).toBe('village_review');
    expect(d.changes.confirmation).toMatchObject({ state: 'confirmed', by: 'paper', byName: '其木格', at: NOW_ISO });
    expect(d.note).toBe('纸质表已归档');
    expect(run(caseIn('confirming'), ACTORS.assignee, 'record_signature').changes.confirmation).toMatchObject({ byName: '巴特尔' });
  });

  it('a signature cannot predate the visit', () => {
    // The visit was on 11-17.
    expect(domainErrorOf(() => run(caseIn('confirming'), ACTORS.assignee, 'record_signature', { signedOn: '2026-11-16' })).message).toBe('签字日期不能早于2026-11-17');
  });
});

describe('village review', () => {
  const c = caseIn('village_review', { review: null });

  it('a passed review is recorded and the case waits for publicity (same step, clock keeps running)', () => {
    const d = run(c, ACTORS.assignee, 'record_review');
    expect(d).toMatchObject({ from: 'village_review', to: 'village_review', notices: [], residentText: null });
    expect(d.changes.review).toEqual({ meetingOn: '2026-11-26', attendance: 20, result: 'pass', proposedType: 'sudden', measures: ['medical_assistance'], recordedBy: '张明', recordedAt: NOW_ISO });
    expect(d.step).toBeUndefined();
  });

  it('a failed review closes the case with its reason', () => {
    const d = run(c, ACTORS.assignee, 'record_review', { result: 'fail', reason: '家庭收入较高', proposedType: undefined, measures: [] });
    expect(d).toMatchObject({ to: 'closed', changes: { closeReason: 'review_failed' }, note: '家庭收入较高' });
    expect(d.notices).toEqual([{ to: 'resident', kind: 'case_closed' }]);
    expect(d.residentText).toBe('村里开会商量后，这次没有通过：家庭收入较高。有疑问可以找村干部。');
  });

  it.each([
    [{ result: 'fail' }, '评议不通过的，请写明原因'],
    [{ result: 'pass', proposedType: undefined }, '评议通过的，请选择拟认定的监测对象类型'],
    [{ result: 'pass', measures: [] }, '评议通过的，请逐户提出帮扶措施'],
    [{ attendance: 2 }, '参会人数至少为3'],
    [{ result: 'maybe' }, '评议结果只能是通过或不通过'],
    [{ proposedType: 'poor' }, '监测对象类型只能是脱贫不稳定户、边缘易致贫户或突发严重困难户'],
    [{ meetingOn: '2026-11-31' }, '评议日期不是有效日期'],
    [{ meetingOn: '26-11-20' }, '评议日期应为日期，例如2026-11-20'],
  ])('refuses %j: %s', (overrides, message) => {
    const raw = { meetingOn: '2026-11-26', attendance: 20, result: 'pass', proposedType: 'sudden', measures: ['medical_assistance'], ...overrides };
    expect(issuesOf(ruleOf('record_review').input, raw)).toContain(message);
  });

  it('a review cannot predate the visit', () => {
    expect(domainErrorOf(() => run(c, ACTORS.assignee, 'record_review', { meetingOn: '2026-11-16' })).message).toBe('评议日期不能早于2026-11-17');
  });
});

describe('publicity', () => {
  it('starts on a date after the review: 5 working days from Mon 11-30 end Fri 12-04; the step is due a working day later', () => {
    const d = run(caseIn('village_review'), ACTORS.assignee, 'start_publicity', { place: '村委会公示栏' });
    expect(d.to).toBe('publicity');
    expect(d.changes.publicity).toEqual({ startsOn: '2026-11-30', place: '村委会公示栏', days: 5, unit: 'working', endsAt: END('2026-12-04'), provisional: false, objections: [] });
    expect(d.notices).toEqual([{ to: 'resident', kind: 'case_published' }]);
    expect(d.residentText).toBe('村里开会商量通过了，11月30日到12月4日把名单贴在村里，让大家看看。有意见可以找村干部。');
    expect(stepDue(d)).toBe(END('2026-12-07'));
  });

  it('a county counting calendar days: 5 days from Fri 11-27 end Tue 12-01 (working days would end Thu 12-03)', () => {
    const calendarDays = env({ clock: { ...env().clock, publicityUnit: 'calendar' } });
    const d = run(caseIn('village_review'), ACTORS.assignee, 'start_publicity', { startsOn: '2026-11-27' }, calendarDays);
    expect(d.changes.publicity).toMatchObject({ unit: 'calendar', endsAt: END('2026-12-01') });
    expect(d.residentText).toBe('村里开会商量通过了，11月27日到12月1日把名单贴在村里，让大家看看。有意见可以找村干部。');
    expect(run(caseIn('village_review'), ACTORS.assignee, 'start_publicity', { startsOn: '2026-11-27' }).changes.publicity?.endsAt).toBe(END('2026-12-03'));
  });

  it('refuses a start before the review, or outside the last 10 to the next 30 days', () => {
    expect(domainErrorOf(() => run(caseIn('village_review'), ACTORS.assignee, 'start_publicity', { startsOn: '2026-11-17' })).message).toBe('公示不能早于评议日期（2026-11-18）');
    expect(domainErrorOf(() => run(caseIn('village_review'), ACTORS.assignee, 'start_publicity', { startsOn: '2026-12-28' })).message).toBe('公示开始日期应在最近10天到今后30天之间');
    expect(run(caseIn('village_review'), ACTORS.assignee, 'start_publicity', { startsOn: '2026-12-27' }).to).toBe('publicity');
  });

  it('cannot start before a passed review is recorded', () => {
    expect(domainErrorOf(() => run(caseIn('village_review', { review: null }), ACTORS.assignee, 'start_publicity'))).toMatchObject({
      code: 'invalid_transition',
      status: 409,
      message: '请先录入村级评议结果，评议通过后才能公示',
    });
  });

  it('objections are numbered in order and answered one by one; the state stays', () => {
    const c = caseIn('publicity', { publicity: publicity({ objections: [objection(1, 'unfounded')] }) });
    const d = run(c, ACTORS.assignee, 'record_objection');
    expect(d).toMatchObject({ to: 'publicity', note: '他家有车' });
    expect(d.step).toBeUndefined();
    expect(d.changes.publicity?.objections).toEqual([objection(1, 'unfounded'), { raisedBy: '匿名', content: '他家有车', receivedOn: '2026-11-26', no: 2, recordedBy: '张明', recordedAt: NOW_ISO }]);

    const open = caseIn('publicity', { publicity: publicity({ objections: [objection(1)] }) });
    const answered = run(open, ACTORS.assignee, 'answer_objection', { finding: 'founded', answer: '确有此事' });
    expect(answered.changes.publicity?.objections).toEqual([{ ...objection(1), answer: { finding: 'founded', text: '确有此事', by: '张明', at: NOW_ISO } }]);
  });

  it('an objection received before publicity began is refused', () => {
    expect(domainErrorOf(() => run(caseIn('publicity'), ACTORS.assignee, 'record_objection', { receivedOn: '2026-11-18' })).message).toBe('收到日期不能早于2026-11-19');
  });

  it('answering: no such objection, or one already answered', () => {
    const c = caseIn('publicity', { publicity: publicity({ objections: [objection(1, 'unfounded'), objection(2)] }) });
    expect(domainErrorOf(() => run(c, ACTORS.assignee, 'answer_objection', { no: 3 }))).toMatchObject({ code: 'validation_failed', message: '没有第3条异议' });
    expect(domainErrorOf(() => run(c, ACTORS.assignee, 'answer_objection', { no: 1 }))).toMatchObject({ code: 'invalid_transition', status: 409, message: '第1条异议已经答复过了' });
    expect(issuesOf(ruleOf('answer_objection').input, { no: 1, finding: 'true', answer: '已核实' })).toEqual(['核实结果只能是不属实或属实']);
  });
});

describe('finish_publicity', () => {
  const refusedMessage = (c: WorkflowCase, now = NOW) => domainErrorOf(() => run(c, ACTORS.assignee, 'finish_publicity', {}, env({ now })));

  it('is refused while the window runs — up to and including its last instant', () => {
    const c = caseIn('publicity');
    const lastInstant = new Date(END('2026-11-25'));
    expect(refusedMessage(c, lastInstant)).toMatchObject({ code: 'invalid_transition', status: 409, message: '公示5个工作日，到11月25日结束，期满后才能结束公示' });
    expect(run(c, ACTORS.assignee, 'finish_publicity', {}, env({ now: new Date(lastInstant.getTime() + 1) })).to).toBe('township_review');
  });

  it('says "天" for a calendar-day window', () => {
    const c = caseIn('publicity', { publicity: publicity({ unit: 'calendar', endsAt: END('2026-11-28') }) });
    expect(refusedMessage(c).message).toBe('公示5天，到11月28日结束，期满后才能结束公示');
  });

  it('is refused with objections unanswered, naming them', () => {
    const c = caseIn('publicity', { publicity: publicity({ objections: [objection(1, 'unfounded'), objection(2), objection(3)] }) });
    expect(refusedMessage(c).message).toBe('还有2条异议没有答复（第2、3条），答复后才能结束公示');
  });

  it('is refused when an objection was found true: the case goes back to the village instead', () => {
    const c = caseIn('publicity', { publicity: publicity({ objections: [objection(1, 'unfounded'), objection(2, 'founded')] }) });
    expect(refusedMessage(c).message).toBe('有异议经核实属实，不能结束公示：请退回村级评议重新评议（评议不通过即结案）');
    const back = run(c, ACTORS.assignee, 'send_back', { reason: '异议属实' });
    expect(back).toMatchObject({ to: 'village_review', changes: { publicity: null } });
  });

  it('goes to the township with every objection answered unfounded, noting how many', () => {
    const c = caseIn('publicity', { publicity: publicity({ objections: [objection(1, 'unfounded'), objection(2, 'unfounded')] }) });
    const d = run(c, ACTORS.assignee, 'finish_publicity');
    expect(d).toMatchObject({ to: 'township_review', note: '异议2条均已答复', notices: [], residentText: null });
    expect(stepDue(d)).toBe(END('2026-12-04'));
  });

  it('notes 公示无异议 when nobody objected, unless the cadre wrote a note', () => {
    expect(run(caseIn('publicity'), ACTORS.assignee, 'finish_publicity').note).toBe('公示无异议');
    expect(run(caseIn('publicity'), ACTORS.assignee, 'finish_publicity', { note: '张贴照片已存档' }).note).toBe('张贴照片已存档');
  });
});

describe('township and county', () => {
  it('township approval goes to the county', () => {
    const d = run(caseIn('township_review'), ACTORS.township, 'township_approve');
    expect(d).toMatchObject({ to: 'county_review', changes: {}, notices: [] });
    expect(stepDue(d)).toBe(END('2026-12-04'));
  });

  it('the township returns a case for a new village review: review and publicity are cleared', () => {
    const d = run(caseIn('township_review'), ACTORS.township, 'township_return');
    expect(d).toMatchObject({ to: 'village_review', changes: { review: null, publicity: null }, note: '评议人数不够' });
    expect(d.notices).toEqual([{ to: 'assignee', kind: 'case_sent_back', note: '评议人数不够' }]);
  });

  it('the county confirms with the village’s proposal when it names no type or measures', () => {
    const d = run(caseIn('county_review'), ACTORS.county, 'county_confirm');
    expect(d).toMatchObject({ to: 'monitored', changes: { monitoringType: 'sudden', measures: ['medical_assistance'] } });
    expect(d.notices).toEqual([{ to: 'resident', kind: 'case_decided' }, { to: 'assignee', kind: 'case_decided' }]);
    expect(d.residentText).toBe('县里定了帮扶您家（突发严重困难户），帮扶干部会和您商量怎么帮。');
    expect(d.step).toEqual({ startedAt: NOW, due: null });
  });

  it('the county’s own choice wins over the proposal', () => {
    const d = run(caseIn('county_review'), ACTORS.admin, 'county_confirm', { monitoringType: 'edge', measures: ['dibao', 'medical_assistance'] });
    // Measures come back in the catalogue's (official) order.
    expect(d.changes).toEqual({ monitoringType: 'edge', measures: ['medical_assistance', 'dibao'] });
    expect(d.residentText).toContain('边缘易致贫户');
  });

  it('the county must name a type when the village proposed none', () => {
    const c = caseIn('county_review', { review: { ...passedReview, proposedType: undefined } });
    expect(domainErrorOf(() => run(c, ACTORS.county, 'county_confirm'))).toMatchObject({ code: 'validation_failed', message: '请选择监测对象类型', details: { field: 'monitoringType' } });
  });

  it('the county rejects with a reason both the household and the cadre read', () => {
    const d = run(caseIn('county_review'), ACTORS.county, 'county_reject');
    expect(d).toMatchObject({ to: 'rejected', changes: { monitoringType: null } });
    expect(d.notices).toEqual([{ to: 'resident', kind: 'case_decided' }, { to: 'assignee', kind: 'case_decided', note: '收入高于监测范围' }]);
    expect(d.residentText).toBe('县里这次没有把您家列入帮扶，原因是：收入高于监测范围。有疑问可以找村干部。');
  });
});

describe('send_back goes exactly one step back', () => {
  it.each([
    // state, actor, lands in, cleared, notices, due
    ['village_review', 'assignee', 'investigating', { review: null, publicity: null }, [], END('2026-12-01')],
    ['publicity', 'assignee', 'village_review', { review: null, publicity: null }, [], END('2026-12-04')],
    ['county_review', 'county', 'township_review', {}, [{ to: 'township', kind: 'case_sent_back', note: '材料不全' }], END('2026-12-04')],
  ] as const)('from %s (by %s) to %s', (state, actor, to, changes, notices, due) => {
    const d = run(caseIn(state), ACTORS[actor], 'send_back');
    expect(d).toMatchObject({ from: state, to, note: '材料不全' });
    expect(d.changes).toEqual(changes);
    expect(d.notices).toEqual(notices);
    expect(stepDue(d)).toBe(due);
  });

  it('needs a reason of at least two characters', () => {
    expect(issuesOf(ruleOf('send_back').input, { reason: ' 不 ' })).toEqual(['原因至少2个字']);
    expect(issuesOf(ruleOf('send_back').input, {})).toEqual(['请填写原因']);
  });
});

describe('reopen a closed case', () => {
  it('back to its cadre, everything after the declaration cleared, the whole procedure restarted', () => {
    const c = caseIn('closed', { visit: visitRecord(), review: passedReview });
    const d = run(c, ACTORS.township, 'reopen');
    expect(d.to).toBe('assigned');
    expect(d.changes).toEqual({ closeReason: null, visit: null, confirmation: null, review: null, publicity: null, needsRouting: false });
    expect(d.notices).toEqual([{ to: 'assignee', kind: 'case_reopened', note: '群众有新情况' }, { to: 'resident', kind: 'case_reopened' }]);
    expect(d.residentText).toBe('您的申报重新办理，村干部会和您联系。');
    expect(stepDue(d)).toBe(END('2026-11-30'));
    // 15 working days from Fri 11-27: 11-30 … 12-18.
    expect(d.procedureDue?.dueAt.toISOString()).toBe(END('2026-12-18'));
  });

  it('a case closed before anyone was assigned goes back to the township to route', () => {
    const d = run(caseIn('closed', { assigneeId: null }), ACTORS.county, 'reopen');
    expect(d).toMatchObject({ to: 'submitted', changes: { needsRouting: true } });
    expect(d.notices).toEqual([{ to: 'township', kind: 'case_needs_routing', note: '群众有新情况' }, { to: 'resident', kind: 'case_reopened' }]);
  });
});

describe('help_first (先行帮扶)', () => {
  it('keeps the state and the clock, appends to what was given before', () => {
    const before = { what: '送棉被', givenOn: '2026-11-20', by: '乡镇王', at: '2026-11-20T02:00:00.000Z' };
    const d = run(caseIn('investigating', { helpFirst: [before] }), ACTORS.township, 'help_first', { amount: 500.4 });
    expect(d).toMatchObject({ from: 'investigating', to: 'investigating', note: '送米面油' });
    expect(d.step).toBeUndefined();
    expect(d.changes.helpFirst).toEqual([before, { what: '送米面油', givenOn: '2026-11-26', amount: 500, by: '乡镇王', at: NOW_ISO }]);
    expect(d.notices).toEqual([{ to: 'assignee', kind: 'case_helped_first', note: '送米面油' }]);
  });

  it('is only for urgent cases', () => {
    expect(domainErrorOf(() => run(caseIn('investigating', { urgent: false }), ACTORS.township, 'help_first'))).toMatchObject({ code: 'invalid_transition', status: 409 });
  });

  it('cannot be dated in the future', () => {
    expect(domainErrorOf(() => run(caseIn('assigned'), ACTORS.county, 'help_first', { givenOn: '2026-11-28' })).message).toBe('帮扶日期不能晚于今天（2026-11-27）');
  });
});

describe('input validation (the rule’s schema, before any decision)', () => {
  const visit = (overrides: Record<string, unknown>) => ({
    visitedOn: '2026-11-26',
    visitors: ['张明', '王强'],
    householdSize: 4,
    verifiedRiskTypes: ['illness'],
    income: { wage: 0, business: 0, property: 0, transfer: 0, businessExpense: 0, insuranceClaims: 0, compliantOutOfPocket: 0 },
    assets: { company: false, urbanProperty: false, consumerCar: false },
    ...overrides,
  });
  it.each([
    [{ visitors: ['张明'] }, '入户核查需两人一组，请填写两名核查人'],
    [{ visitors: ['张明', '张明'] }, '两名核查人不能是同一个人'],
    [{ method: 'remote' }, '电话或微信核查的，请写明不能入户的原因（例如外出务工）'],
    [{ respondent: 'proxy', respondentName: '巴特尔之子' }, '代答的，请写明代答人姓名和与户主的关系'],
    [{ verifiedRiskTypes: ['none', 'illness'] }, '选了“无风险”就不能再选其他风险类型'],
    [{ verifiedRiskTypes: ['other'] }, '选了“其他”风险，请写明是什么'],
    [{ verifiedRiskTypes: [] }, '请选择核实的风险类型'],
    [{ verifiedRiskTypes: ['poverty'] }, '核实的风险类型不正确'],
    [{ householdSize: 0 }, '家庭人口数至少为1'],
    [{ householdSize: 2.5 }, '家庭人口数应为整数'],
    [{ exclusions: ['rich'] }, '不得纳入情形不正确'],
    [{ endReason: 'duplicate' }, '核查结束的原因只能是无风险或不符合条件'],
    [{ note: '备注\u202e藏起来' }, '备注不能含有控制字符或不可见字符'],
    [{ visitedOn: '2026-02-29' }, '入户日期不是有效日期'],
  ])('record_visit refuses %j', (overrides, message) => {
    expect(issuesOf(ruleOf('record_visit').input, visit(overrides))).toContain(message);
  });

  it('every message a person reads for a refused visit form is in Chinese', () => {
    const messages = issuesOf(ruleOf('record_visit').input, visit({ visitors: ['张'], householdSize: -1, method: 'x', verifiedRiskTypes: ['none', 'other'] }));
    expect(messages.length).toBeGreaterThan(2);
    for (const m of messages) expect(m).toMatch(/[\u4e00-\u9fff]/);
  });

  it('assign refuses a missing or odd cadre id', () => {
    expect(issuesOf(ruleOf('assign').input, {})).toEqual(['请选择村干部']);
    expect(issuesOf(ruleOf('assign').input, { assigneeId: 0 })).toEqual(['请选择村干部']);
  });
});

describe('firstStep: where a new case starts', () => {
  const e = { now: NOW, clock: env().clock, calendar: env().calendar };

  it('a declaration in a village with a responsible cadre goes to that cadre', () => {
    const s = firstStep('self_declared', { cadreId: ASSIGNEE_ID }, e);
    expect(s).toMatchObject({ state: 'assigned', assigneeId: ASSIGNEE_ID, needsRouting: false, residentText: '村干部一般第二天就会和您联系（赶上周末、放假就往后推几天）。' });
    expect(s.notices).toEqual([{ to: 'assignee', kind: 'case_assigned' }, { to: 'resident', kind: 'case_received' }]);
    expect(s.stepDue.dueAt.toISOString()).toBe(END('2026-11-30'));
    expect(s.procedureDue.dueAt.toISOString()).toBe(END('2026-12-18'));
  });

  it('no responsible cadre: the township routes it', () => {
    const s = firstStep('department_warning', { cadreId: null }, e);
    expect(s).toMatchObject({ state: 'submitted', assigneeId: null, needsRouting: true });
    expect(s.notices).toEqual([{ to: 'township', kind: 'case_needs_routing' }, { to: 'resident', kind: 'case_received' }]);
  });

  it('a cadre’s screening find is theirs and starts at the visit', () => {
    const s = firstStep('cadre_screening', { cadreId: 12, filedByCadreId: ASSIGNEE_ID }, e);
    expect(s).toMatchObject({ state: 'investigating', assigneeId: ASSIGNEE_ID, residentText: '村干部为您家登记了困难情况，会两人一起到您家了解情况。' });
    expect(s.stepDue.dueAt.toISOString()).toBe(END('2026-12-01'));
  });
});

describe('recomputeDue once a year’s holidays are entered', () => {
  it('a publicity window reaching into 2027 stops being provisional and moves', () => {
    // Publicity from Tue 2026-12-29: 29, 30, 31, then 2027 by weekends only: Fri 1-1, Mon 1-4.
    const c = { state: 'publicity' as const, publicity: publicity({ startsOn: '2026-12-29', endsAt: END('2027-01-04'), provisional: true }), stepStartedAt: NOW, procedureStartedAt: NOW };
    const before = recomputeDue(c, env());
    expect(before.publicity).toMatchObject({ endsAt: END('2027-01-04'), provisional: true });
    // With 元旦 2027-01-01..01-03 off: 29, 30, 31, Mon 1-4, Tue 1-5; ending it due Wed 1-6.
    const calendar = new WorkCalendar([{ year: 2027, holidays: ['2027-01-01', '2027-01-02', '2027-01-03'].map((date) => ({ date, name: '元旦' })), workdays: [] }]);
    const after = recomputeDue(c, env({ calendar }));
    expect(after.publicity).toMatchObject({ endsAt: END('2027-01-05'), provisional: false });
    expect(after.stepDue).toEqual({ dueAt: new Date(END('2027-01-06')), provisional: false, uncoveredYears: [] });
  });

  it('a finished case has no due times', () => {
    expect(recomputeDue({ state: 'monitored', publicity: null, stepStartedAt: null, procedureStartedAt: NOW }, env())).toEqual({ stepDue: null, procedureDue: null, publicity: null });
  });
});
