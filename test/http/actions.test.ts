import { CaseEvent, OutboxMessage } from '../../src/store/entities';
import { caseSteps, reviewForm, visitForm } from '../support/caseSteps';
import { createTestApp, declaration, DRIVERS, rowCounts, type TestApp } from '../support/testApp';
import { validIdNumber } from '../support/ids';

const at = (iso: string) => new Date(`${iso}+08:00`);

/** The side roads of the procedure: routing, 结案 and 重新办理, 退回, 不予纳入, 先行帮扶, and refusals. */
describe.each(DRIVERS)('POST /api/cases/:id/actions on %s', (driver) => {
  let t: TestApp;
  let steps: ReturnType<typeof caseSteps>;
  let residentToken: string;
  beforeAll(async () => {
    t = await createTestApp(driver);
    steps = caseSteps(t);
    residentToken = (await t.http.post('/api/auth/wechat').send({ code: 'demo:openid-actions' }).expect(200)).body.token;
  });
  afterAll(() => t.close());
  beforeEach(() => {
    t.clock.now = at('2026-11-23T10:00:00');
  });

  const notices = (caseId: number) => t.app.db.getRepository(OutboxMessage).find({ where: { caseId }, order: { id: 'ASC' } });

  /** A case carried to the township's review. */
  async function atTownship(): Promise<number> {
    const c = await steps.declare();
    await steps.act('cadreA1', c.id, { action: 'accept' });
    t.clock.now = at('2026-11-24T10:00:00');
    await steps.act('cadreA1', c.id, visitForm());
    await steps.act('cadreA1', c.id, { action: 'record_signature', signedOn: '2026-11-24' });
    await steps.act('cadreA1', c.id, reviewForm({ meetingOn: '2026-11-24' }));
    await steps.act('cadreA1', c.id, { action: 'start_publicity', startsOn: '2026-11-24' });
    t.clock.now = at('2026-12-01T10:00:00');
    await steps.act('cadreA1', c.id, { action: 'finish_publicity' });
    return c.id;
  }

  it('accept moves the case to investigating, audits the cadre and tells the resident in plain words', async () => {
    const c = await steps.declare({}, {}, residentToken);
    const detail = await steps.act('cadreA1', c.id, { action: 'accept' });
    expect(detail).toMatchObject({ state: 'investigating', stateLabel: '入户核查' });
    const events = await t.app.db.getRepository(CaseEvent).find({ where: { caseId: c.id }, order: { id: 'ASC' } });
    expect(events.map((e) => [e.action, e.fromState, e.toState, e.actorId, e.actorRole])).toEqual([
      ['declare', null, 'assigned', expect.any(Number), 'resident'],
      ['accept', 'assigned', 'investigating', t.users.cadreA1, 'cadre'],
    ]);
    const sent = await notices(c.id);
    expect(sent.map((o) => [o.recipientType, o.kind, o.channel])).toEqual([
      ['staff', 'case_assigned', 'chat'],
      ['resident', 'case_received', 'subscribe'],
      ['resident', 'case_accepted', 'subscribe'],
    ]);
    expect(sent[2].payload.text).toBe('村干部cadreA1已受理您的申报，会两人一起到您家了解情况，请准备好户口本和身份证。');
  });

  it('transfer hands the case back to the township queue with the reason, and the township routes it', async () => {
    const c = await steps.declare();
    await steps.act('cadreA1', c.id, { action: 'transfer', reason: '这户不在我负责的组' });
    const queue = await t.http.get('/api/queue').set('authorization', `Bearer ${await steps.token('townA')}`).expect(200);
    expect(queue.body.items.map((i: { id: number }) => i.id)).toContain(c.id);
    const notice = await t.app.db.getRepository(OutboxMessage).findOneByOrFail({ caseId: c.id, kind: 'case_transferred' });
    expect(notice).toMatchObject({ recipientId: t.users.townA, payload: expect.objectContaining({ note: '这户不在我负责的组' }) });
    const routed = await steps.act('townA', c.id, { action: 'assign', assigneeId: t.users.cadreA1b });
    expect(routed).toMatchObject({ state: 'assigned', assignee: { id: t.users.cadreA1b } });
    const wrong = await steps.act('townA', c.id, { action: 'assign', assigneeId: t.users.cadreB1 }, 400);
    expect(wrong.error.message).toBe('只能分派给负责这个村的村干部');
  });

  it('close needs one of the listed reasons and frees the ID number; the township can reopen it', async () => {
    const c = await steps.declare({}, { idNumber: validIdNumber(900) });
    const bad = await steps.act('cadreA1', c.id, { action: 'close', reason: 'because' }, 400);
    expect(bad.error.message).toContain('结案原因只能是');
    const closed = await steps.act('cadreA1', c.id, { action: 'close', reason: 'no_risk', note: '入户核实收入稳定' });
    expect(closed).toMatchObject({ state: 'closed', closeReason: '核查无风险', actions: [] });
    expect((await steps.detail('townA', c.id)).actions.map((a: { action: string }) => a.action)).toEqual(['reopen']);

    const again = await t.http.post('/api/declarations').send(declaration({}, { idNumber: validIdNumber(900) })).expect(201);
    // The household has a new open case: the old one cannot be reopened beside it.
    const refused = await steps.act('townA', c.id, { action: 'reopen', reason: '群众反映核查有误' }, 409);
    expect(refused.error.code).toBe('duplicate_open_case');
    await steps.act('cadreA1', again.body.id, { action: 'close', reason: 'duplicate' });
    const reopened = await steps.act('townA', c.id, { action: 'reopen', reason: '群众反映核查有误' });
    expect(reopened).toMatchObject({ state: 'assigned', closeReason: null, assignee: { id: t.users.cadreA1 } });
    expect((await notices(c.id)).at(-1)).toMatchObject({ kind: 'case_reopened', recipientId: t.users.cadreA1 });
  });

  it('refuses what the role, the assignee or the state does not allow, and changes nothing', async () => {
    const c = await steps.declare();
    const { version } = await steps.detail('cadreA1', c.id);
    const before = await rowCounts(t.app);
    expect((await steps.act('cadreA1b', c.id, { action: 'accept', version }, 403)).error.message).toBe('这件申报不在您的待办里');
    expect((await steps.act('townA', c.id, { action: 'accept', version }, 403)).error.message).toBe('乡镇不能受理');
    expect((await steps.act('cadreA1', c.id, { action: 'finish_publicity', version }, 409)).error.message).toBe('案件当前为“待受理”，不能公示结束');
    expect((await steps.act('cadreA1', c.id, { action: 'fly', version }, 400)).error.message).toBe('不认识的操作');
    expect((await steps.act('cadreA1', c.id, { action: 'transfer', version }, 400)).error.message).toBe('请填写原因');
    expect((await steps.act('cadreB1', c.id, { action: 'accept', version }, 404)).error.message).toBe('案件不存在');
    expect((await steps.act('townA', c.id, { action: 'help_first', what: '送水两桶', givenOn: '2026-11-23', version }, 409)).error.message).toBe(
      '先行帮扶只用于紧急情况（遭灾、意外、没水吃等）',
    );
    expect(await rowCounts(t.app)).toEqual(before);
  });

  it('records help given first to an urgent household while the procedure goes on', async () => {
    const c = await steps.declare({ hardships: ['water'], details: { waterProblem: 1 } });
    expect((await steps.detail('townA', c.id)).urgent).toBe(true);
    const helped = await steps.act('townA', c.id, { action: 'help_first', what: '送桶装水并协调拉水车', givenOn: '2026-11-23', amount: 300 });
    expect(helped).toMatchObject({ state: 'assigned', helpedFirst: true, helpFirst: [{ what: '送桶装水并协调拉水车', amount: 300, by: 'townA' }] });
    expect((await notices(c.id)).at(-1)).toMatchObject({ kind: 'case_helped_first', recipientId: t.users.cadreA1 });
    const listed = await t.http.get('/api/cases').set('authorization', `Bearer ${await steps.token('county')}`).expect(200);
    expect(listed.body.items.find((i: { id: number }) => i.id === c.id)).toMatchObject({ helpedFirst: true });
  });

  it('the township returns a case for a new village review; the county sends back or decides', async () => {
    const id = await atTownship();
    const returned = await steps.act('townA', id, { action: 'township_return', reason: '帮扶措施不具体' });
    expect(returned).toMatchObject({ state: 'village_review', review: null, publicity: null });
    expect((await notices(id)).at(-1)).toMatchObject({ kind: 'case_sent_back', recipientId: t.users.cadreA1, payload: expect.objectContaining({ note: '帮扶措施不具体' }) });

    await steps.act('cadreA1', id, reviewForm({ meetingOn: '2026-12-01' }));
    await steps.act('cadreA1', id, { action: 'start_publicity', startsOn: '2026-12-01' });
    t.clock.now = at('2026-12-08T10:00:00');
    await steps.act('cadreA1', id, { action: 'finish_publicity' });
    await steps.act('townA', id, { action: 'township_approve' });
    const back = await steps.act('county', id, { action: 'send_back', reason: '收入核算需补充材料' });
    expect(back).toMatchObject({ state: 'township_review' });
    await steps.act('townA', id, { action: 'township_approve' });
    const rejected = await steps.act('county', id, { action: 'county_reject', reason: '家庭成员有财政供养人员' });
    expect(rejected).toMatchObject({ state: 'rejected', dueAt: null });
  });
});
