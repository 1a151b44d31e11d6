import { CaseEvent, OutboxMessage } from '../../src/store/entities';
import { caseSteps, reviewForm, visitForm } from '../support/caseSteps';
import { createTestApp, DRIVERS, type TestApp } from '../support/testApp';

/** China time on a date, for moving the test clock. */
const at = (iso: string) => new Date(`${iso}+08:00`);

/**
 * A whole case through the API, declaration to 纳入监测, on the statutory clock: the visit with
 * its 核查认定表, the household's confirmation, the village review, five working days of
 * publicity with an objection, the township, the county.
 */
describe.each(DRIVERS)('the procedure over the API on %s', (driver) => {
  let t: TestApp;
  let steps: ReturnType<typeof caseSteps>;
  let residentToken: string;
  /** The household's token for the test clock's day (tokens expire after a week). */
  const resident = async () => (await t.http.post('/api/auth/wechat').send({ code: 'demo:openid-workflow' }).expect(200)).body.token as string;

  beforeAll(async () => {
    t = await createTestApp(driver);
    steps = caseSteps(t);
    residentToken = await resident();
  });
  afterAll(() => t.close());
  beforeEach(() => {
    t.clock.now = at('2026-11-23T10:00:00'); // Monday
  });

  const mine = async (id: number) => (await t.http.get(`/api/me/cases/${id}`).set('authorization', `Bearer ${await resident()}`).expect(200)).body;

  it('runs from declaration to 纳入监测 with every step recorded, timed and told', async () => {
    const c = await steps.declare({ hardships: ['illness'] }, {}, residentToken);
    let d = await steps.detail('cadreA1', c.id);
    // Accept within 1 working day; the whole procedure within 15 (Gansu): Mon 11-23 → Mon 12-14.
    expect(d).toMatchObject({ state: 'assigned', intakeMethodLabel: '农牧户自主申报', dueAt: '2026-11-24T15:59:59.999Z', provisional: false });
    expect(d.procedureDue.dueAt).toBe('2026-12-14T15:59:59.999Z');
    expect(d.actions.map((a: { action: string }) => a.action)).toEqual(['accept', 'transfer', 'close']);

    d = await steps.act('cadreA1', c.id, { action: 'accept' });
    expect(d).toMatchObject({ state: 'investigating', dueAt: '2026-11-25T15:59:59.999Z', next: '请两人一组入户核查，填核查认定表。' });

    t.clock.now = at('2026-11-24T16:00:00');
    d = await steps.act('cadreA1', c.id, visitForm());
    expect(d.state).toBe('confirming');
    // 8000 + 6000 + 0 + 3000 − 2000 = 15000 net; ÷ 4 = 3750; reference 15000 + 0 − 12000 = 3000, ÷ 4 = 750 < 7500.
    expect(d.visit.figures).toEqual({ netIncome: 15000, perCapitaNetIncome: 3750, referenceIncome: 3000, perCapitaReference: 750, incomeLine: 7500, belowLine: true });
    expect(d.visit.conclusion).toEqual({ conclusion: 'proceed' });
    expect(d.confirmation).toMatchObject({ state: 'pending', askedInWeChat: true });
    // The cadre cannot move on without the household's confirmation (or a paper signature).
    expect(d.actions.map((a: { action: string }) => a.action)).toEqual(['record_visit', 'record_signature']);
    await steps.act('cadreA1', c.id, reviewForm(), 409);

    const asked = await t.app.db.getRepository(OutboxMessage).findOneByOrFail({ caseId: c.id, kind: 'case_visit_confirm' });
    expect(asked.payload.text).toContain('近12个月家庭纯收入15,000元，4口人，每人3,750元');
    const waiting = await mine(c.id);
    expect(waiting).toMatchObject({ stateLabel: '请您确认核查情况', confirmation: { summary: expect.arrayContaining(['核实的困难：因病']) } });
    const confirmed = await t.http
      .post(`/api/me/cases/${c.id}/confirmation`)
      .set('authorization', `Bearer ${residentToken}`)
      .send({ decision: 'confirm', version: waiting.version })
      .expect(200);
    expect(confirmed.body).toMatchObject({ state: 'village_review', confirmation: null });

    t.clock.now = at('2026-11-25T15:00:00');
    d = await steps.act('cadreA1', c.id, reviewForm());
    expect(d).toMatchObject({ state: 'village_review', review: { result: 'pass', proposedTypeLabel: '突发严重困难户' } });
    d = await steps.act('cadreA1', c.id, { action: 'start_publicity', startsOn: '2026-11-26', place: '村委会公示栏' });
    // Five working days from Thursday: Thu, Fri, Mon, Tue, Wed → ends Wednesday 12-02; due the day after.
    expect(d.publicity).toMatchObject({ startsOn: '2026-11-26', days: 5, unit: 'working', endsAt: '2026-12-02T15:59:59.999Z', provisional: false });
    expect(d.dueAt).toBe('2026-12-03T15:59:59.999Z');

    t.clock.now = at('2026-11-27T11:00:00');
    await steps.act('cadreA1', c.id, { action: 'record_objection', raisedBy: '村民李某', content: '他家去年买了车', receivedOn: '2026-11-27' });
    t.clock.now = at('2026-12-02T17:00:00');
    const early = await steps.act('cadreA1', c.id, { action: 'finish_publicity' }, 409);
    expect(early.error.message).toBe('公示5个工作日，到12月2日结束，期满后才能结束公示');

    t.clock.now = at('2026-12-03T09:00:00');
    const unanswered = await steps.act('cadreA1', c.id, { action: 'finish_publicity' }, 409);
    expect(unanswered.error.message).toBe('还有1条异议没有答复（第1条），答复后才能结束公示');
    await steps.act('cadreA1', c.id, { action: 'answer_objection', no: 1, finding: 'unfounded', answer: '核实为借用亲戚车辆，车不在户内' });
    d = await steps.act('cadreA1', c.id, { action: 'finish_publicity' });
    expect(d).toMatchObject({ state: 'township_review', stepOwner: 'township' });

    await steps.act('townA', c.id, { action: 'township_approve', note: '抽查属实' });
    d = await steps.act('county', c.id, { action: 'county_confirm' });
    expect(d).toMatchObject({ state: 'monitored', monitoringType: '突发严重困难户', measures: ['大病保险', '医疗救助'], dueAt: null, actions: [] });

    // Audit completeness: every change of the case has its event, in order.
    const events = await t.app.db.getRepository(CaseEvent).find({ where: { caseId: c.id }, order: { id: 'ASC' } });
    expect(events.map((e) => e.action)).toEqual([
      'declare', 'accept', 'record_visit', 'confirm_visit', 'record_review', 'start_publicity', 'record_objection',
      'answer_objection', 'finish_publicity', 'township_approve', 'county_confirm',
    ]);
    expect(d.version).toBe(events.length);
    expect(events.find((e) => e.action === 'confirm_visit')).toMatchObject({ actorType: 'resident', actorName: '巴特尔' });

    // What the household reads: plain steps, no internal notes (the objection is not theirs to see).
    const done = await mine(c.id);
    expect(done.timeline.steps.map((s: { status: string }) => s.status)).toEqual(Array(7).fill('done'));
    expect(done.timeline.events.map((e: { text: string }) => e.text)).toEqual([
      '您提交了申报', '村干部接手了您的申报', '村干部到您家了解了情况', '您确认了核查情况', '村里开会商量通过了', '名单贴在村里了', '名单张贴期满', '乡镇看过了，交给县里', '县里定了帮扶您家',
    ]);
    expect(JSON.stringify(done)).not.toContain('买了车');
    const told = await t.app.db.getRepository(OutboxMessage).find({ where: { caseId: c.id, recipientType: 'resident' }, order: { id: 'ASC' } });
    expect(told.map((o) => o.kind)).toEqual(['case_received', 'case_accepted', 'case_visit_confirm', 'case_published', 'case_decided']);
    expect(told[told.length - 1].payload.text).toBe('县里定了帮扶您家（突发严重困难户），帮扶干部会和您商量怎么帮。');

    // Staff read the whole trail with its internal notes.
    const trail = await t.http.get(`/api/cases/${c.id}/timeline`).set('authorization', `Bearer ${await steps.token('townA')}`).expect(200);
    expect(trail.body.items.find((e: { action: string }) => e.action === 'record_objection')).toMatchObject({ label: '登记公示异议', note: '他家去年买了车' });
  });

  it('sends an objection of the household back to the cadre with its words', async () => {
    const c = await steps.declare({}, {}, residentToken);
    await steps.act('cadreA1', c.id, { action: 'accept' });
    t.clock.now = at('2026-11-24T09:00:00');
    await steps.act('cadreA1', c.id, visitForm({ visitedOn: '2026-11-24' }));
    const { version } = await mine(c.id);
    const objected = await t.http
      .post(`/api/me/cases/${c.id}/confirmation`)
      .set('authorization', `Bearer ${residentToken}`)
      .send({ decision: 'object', words: '打工收入没有八千，只有三千', version })
      .expect(200);
    expect(objected.body.state).toBe('investigating');
    const notice = await t.app.db.getRepository(OutboxMessage).findOneByOrFail({ caseId: c.id, kind: 'case_visit_objected' });
    expect(notice).toMatchObject({ recipientType: 'staff', recipientId: t.users.cadreA1, payload: expect.objectContaining({ note: '打工收入没有八千，只有三千' }) });
    const d = await steps.detail('cadreA1', c.id);
    expect(d.confirmation).toMatchObject({ state: 'objected', words: '打工收入没有八千，只有三千' });
    // A paper signature also counts; a case ending at the visit closes with the visit's reason.
    await steps.act('cadreA1', c.id, visitForm({ visitedOn: '2026-11-24', assets: { company: false, urbanProperty: false, consumerCar: true } }));
    const closed = await steps.act('cadreA1', c.id, { action: 'record_signature', signedOn: '2026-11-24' });
    expect(closed).toMatchObject({ state: 'closed', closeReason: '不符合纳入条件', confirmation: { state: 'confirmed', by: 'paper' } });
  });

  it('refuses a stale version, and of two concurrent actions exactly one wins', async () => {
    const c = await steps.declare();
    const { version } = await steps.detail('cadreA1', c.id);
    await steps.act('townA', c.id, { action: 'assign', assigneeId: t.users.cadreA1b });
    const stale = await steps.act('cadreA1b', c.id, { action: 'accept', version }, 409);
    expect(stale.error).toEqual({ code: 'stale_version', message: '案件已被他人更新，请刷新' });

    const fresh = (await steps.detail('cadreA1b', c.id)).version;
    const token = await steps.token('cadreA1b');
    const attempts = await Promise.all(
      [1, 2, 3].map(() => t.http.post(`/api/cases/${c.id}/actions`).set('authorization', `Bearer ${token}`).send({ action: 'accept', version: fresh })),
    );
    expect(attempts.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const events = await t.app.db.getRepository(CaseEvent).countBy({ caseId: c.id, action: 'accept' });
    expect(events).toBe(1);
  });

  it('asks every action for the version it read, and refuses one without it', async () => {
    const c = await steps.declare();
    const response = await t.http.post(`/api/cases/${c.id}/actions`).set('authorization', `Bearer ${await steps.token('cadreA1')}`).send({ action: 'accept' }).expect(400);
    expect(response.body.error.message).toBe('请带上案件的版本号 version（刷新后再试）');
  });
});
