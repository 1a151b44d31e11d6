import { CaseEvent, OutboxMessage } from '../../src/store/entities';
import { createTestApp, declaration, DRIVERS, rowCounts, type TestApp } from '../support/testApp';
import { validIdNumber } from '../support/ids';

describe.each(DRIVERS)('POST /api/cases/:id/actions on %s', (driver) => {
  let t: TestApp;
  let n = 200;
  let residentToken: string;
  beforeAll(async () => {
    t = await createTestApp(driver);
    residentToken = (await t.http.post('/api/auth/wechat').send({ code: 'demo:openid-actions' }).expect(200)).body.token;
  });
  afterAll(() => t.close());

  const newCase = async () =>
    (await t.http.post('/api/declarations').set('authorization', `Bearer ${residentToken}`).send(declaration({}, { idNumber: validIdNumber(n++) })).expect(201)).body as {
      id: number;
      trackingCode: string;
    };
  const act = async (user: Parameters<TestApp['login']>[0], id: number, body: object, status: number) =>
    (await t.http.post(`/api/cases/${id}/actions`).set('authorization', `Bearer ${await t.login(user)}`).send(body).expect(status)).body;

  it('accept moves the case to investigating, audits the cadre and tells the resident', async () => {
    const c = await newCase();
    const detail = await act('cadreA1', c.id, { action: 'accept' }, 200);
    expect(detail).toMatchObject({ state: 'investigating', stateLabel: '入户核查' });
    const events = await t.app.db.getRepository(CaseEvent).find({ where: { caseId: c.id }, order: { id: 'ASC' } });
    expect(events.map((e) => [e.action, e.fromState, e.toState, e.actorId, e.actorRole])).toEqual([
      ['declare', null, 'assigned', expect.any(Number), 'resident'],
      ['accept', 'assigned', 'investigating', t.users.cadreA1, 'cadre'],
    ]);
    const notices = await t.app.db.getRepository(OutboxMessage).find({ where: { caseId: c.id }, order: { id: 'ASC' } });
    expect(notices.map((o) => [o.recipientType, o.kind, o.channel])).toEqual([
      ['staff', 'case_assigned', 'chat'],
      ['resident', 'case_received', 'subscribe'],
      ['resident', 'case_accepted', 'subscribe'],
    ]);
    const mine = await t.http.get('/api/me/cases').set('authorization', `Bearer ${residentToken}`).expect(200);
    expect(mine.body.items.find((i: { id: number }) => i.id === c.id)).toMatchObject({ stateLabel: '村干部已受理', events: [{ label: '提交申报' }, { label: '村干部受理' }] });
  });

  it('transfer hands the case back to the township queue with the reason', async () => {
    const c = await newCase();
    await act('cadreA1', c.id, { action: 'transfer', reason: '这户不在我负责的组' }, 200);
    const queue = await t.http.get('/api/queue').set('authorization', `Bearer ${await t.login('townA')}`).expect(200);
    expect(queue.body.items.map((i: { id: number }) => i.id)).toContain(c.id);
    const notice = await t.app.db.getRepository(OutboxMessage).findOneByOrFail({ caseId: c.id, kind: 'case_transferred' });
    expect(notice).toMatchObject({ recipientId: t.users.townA, payload: expect.objectContaining({ note: '这户不在我负责的组' }) });
    // The township routes it to another responsible cadre.
    const routed = await act('townA', c.id, { action: 'assign', assigneeId: t.users.cadreA1b }, 200);
    expect(routed).toMatchObject({ state: 'assigned', assignee: { id: t.users.cadreA1b } });
    const wrong = await act('townA', c.id, { action: 'assign', assigneeId: t.users.cadreB1 }, 400);
    expect(wrong.error.message).toBe('只能分派给负责这个村的村干部');
  });

  it('close needs one of the listed reasons and frees the ID number for a new declaration', async () => {
    const c = await newCase();
    const bad = await act('cadreA1', c.id, { action: 'close', reason: 'because' }, 400);
    expect(bad.error.message).toContain('结案原因只能是');
    const closed = await act('cadreA1', c.id, { action: 'close', reason: 'no_risk', note: '入户核实收入稳定' }, 200);
    expect(closed).toMatchObject({ state: 'closed', closeReason: '核查无风险', actions: [] });
    const again = await t.http.post('/api/declarations').send(declaration({}, { idNumber: validIdNumber(n - 1) }));
    expect(again.status).toBe(201);
  });

  it('refuses what the role or the state does not allow, and changes nothing', async () => {
    const c = await newCase();
    const before = await rowCounts(t.app);
    expect((await act('cadreA1b', c.id, { action: 'accept' }, 403)).error.message).toBe('这件申报不在您的待办里');
    expect((await act('townA', c.id, { action: 'accept' }, 403)).error.message).toBe('乡镇不能受理');
    expect((await act('cadreA1', c.id, { action: 'finish_publicity' }, 409)).error.message).toContain('不能公示结束');
    expect((await act('cadreA1', c.id, { action: 'fly' }, 400)).error.message).toBe('不认识的操作');
    expect((await act('cadreA1', c.id, { action: 'transfer' }, 400)).error.message).toBe('请写明原因');
    expect(await rowCounts(t.app)).toEqual(before);
  });

  it('walks the whole lifecycle to 纳入监测', async () => {
    const c = await newCase();
    await act('cadreA1', c.id, { action: 'accept' }, 200);
    const visit = {
      action: 'record_visit',
      visitedOn: '2026-11-24',
      visitors: ['cadreA1', '驻村队员王强'],
      verifiedRiskTypes: ['illness'],
      income: { wage: 8000, business: 6000, property: 0, transfer: 3000, businessExpense: 2000, insuranceClaims: 0, compliantOutOfPocket: 12000 },
      assets: { company: false, urbanProperty: false, consumerCar: false },
    };
    await act('cadreA1', c.id, visit, 200);
    await act('cadreA1', c.id, { action: 'start_publicity', reviewResult: '村民代表会议评议同意' }, 200);
    const published = await act('cadreA1', c.id, { action: 'finish_publicity' }, 200);
    expect(published.state).toBe('township_review');
    await act('townA', c.id, { action: 'township_approve' }, 200);
    const back = await act('county', c.id, { action: 'send_back', reason: '收入核算需补充材料' }, 200);
    expect(back.state).toBe('township_review');
    await act('townA', c.id, { action: 'township_approve' }, 200);
    const done = await act('county', c.id, { action: 'county_confirm', monitoringType: 'sudden' }, 200);
    expect(done).toMatchObject({ state: 'monitored', monitoringType: '突发严重困难户', dueAt: null });
    expect(done.events.map((e: { action: string }) => e.action)).toEqual([
      'declare', 'accept', 'record_visit', 'start_publicity', 'finish_publicity', 'township_approve', 'send_back', 'township_approve', 'county_confirm',
    ]);
  });
});
