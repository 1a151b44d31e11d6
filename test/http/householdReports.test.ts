import { renderDetail } from '../../src/conversation/cadreDetail';
import { residentFor } from '../../src/services/auth';
import { createChatPorts } from '../../src/services/chatPorts';
import { renderNotice } from '../../src/services/noticeText';
import { Case, CaseEvent, CaseReport, OutboxMessage } from '../../src/store/entities';
import { validIdNumber } from '../support/ids';
import { createTestApp, declaration, DRIVERS, PLACES, type TestApp } from '../support/testApp';
import { handleMessage } from '../../src/conversation/engine';

const RECEIVED = { outcome: 'reported', message: '已收到，村干部会一并核实' };

/**
 * 同户再次申报 (issue 11 defect 6): a declaration for a household whose case is open is kept on
 * that case for its cadre; whoever sent it learns nothing of the case.
 */
describe.each(DRIVERS)('further declarations for a household with an open case on %s', (driver) => {
  let t: TestApp;
  let seq = 300;
  const bearer = (token: string) => `Bearer ${token}`;
  const residentToken = async (openid: string) => (await t.http.post('/api/auth/wechat').send({ code: `demo:${openid}` }).expect(200)).body.token as string;
  const declareAs = (payload: object, token?: string) => {
    const request = t.http.post('/api/declarations');
    if (token) request.set('authorization', bearer(token));
    return request.send(payload);
  };
  const reportsOf = (caseId: number) => t.app.db.getRepository(CaseReport).find({ where: { caseId }, order: { id: 'ASC' } });

  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  it('keeps an anonymous relative\'s declaration on the open case: the report sealed, an audit row, the cadre told, the case untouched', async () => {
    const id = validIdNumber(seq++);
    const first = await declareAs(declaration({}, { idNumber: id })).expect(201);
    const before = await t.app.db.getRepository(Case).findOneByOrFail({ id: first.body.id });

    const proxy = { name: '李四', relation: '儿子', phone: '13800001111' };
    const second = await declareAs(declaration({ hardships: ['housing', 'other'], details: { housingDanger: 1, otherText: '墙裂了一道缝' }, proxy }, { idNumber: id, name: '巴特尔' })).expect(202);
    expect(second.body).toEqual(RECEIVED);

    const [report] = await reportsOf(first.body.id);
    expect(report).toMatchObject({ channel: 'api', residentId: null, reporterName: '李四', relation: '儿子', phoneMasked: '138****1111', applicantName: '巴特尔', hardships: ['housing', 'other'], householdSize: 4, annualIncome: 20000 });
    expect(report.details).toEqual({ housingDanger: 1, otherText: '墙裂了一道缝' });
    expect(report.phoneEnc).not.toContain('13800001111');
    expect(t.app.crypto.decrypt(report.phoneEnc)).toBe('13800001111');

    const events = await t.app.db.getRepository(CaseEvent).find({ where: { caseId: first.body.id }, order: { id: 'ASC' } });
    expect(events.map((e) => e.action)).toEqual(['declare', 'reported_again']);
    expect(events[1]).toMatchObject({ fromState: 'assigned', toState: 'assigned', actorType: 'resident', actorName: '李四', note: '李四（儿子）' });

    const notices = await t.app.db.getRepository(OutboxMessage).find({ where: { caseId: first.body.id }, order: { id: 'ASC' } });
    expect(notices.map((n) => [n.kind, n.recipientType, n.recipientId])).toEqual([
      ['case_assigned', 'staff', t.users.cadreA1],
      ['case_reported_again', 'staff', t.users.cadreA1],
    ]);
    const text = renderNotice('case_reported_again', 'staff', notices[1].payload);
    expect(text).toContain('【同户再次申报】');
    expect(text).toContain('李四（儿子）');
    expect(text).not.toMatch(/13800001111|墙裂/);

    const after = await t.app.db.getRepository(Case).findOneByOrFail({ id: first.body.id });
    expect({ state: after.state, version: after.version, stepDueAt: after.stepDueAt }).toEqual({ state: before.state, version: before.version, stepDueAt: before.stepDueAt });
  });

  it('answers the same words to another resident and to the household itself, and shows neither anything of the case', async () => {
    const id = validIdNumber(seq++);
    const owner = await residentToken('reports-owner');
    const neighbour = await residentToken('reports-neighbour');
    const first = await declareAs(declaration({}, { idNumber: id }), owner).expect(201);

    expect((await declareAs(declaration({ hardships: ['water'], details: {} }, { idNumber: id, name: '巴特尔', phone: '13700002222' }), neighbour).expect(202)).body).toEqual(RECEIVED);
    expect((await declareAs(declaration({ hardships: ['illness'] }, { idNumber: id }), owner).expect(202)).body).toEqual(RECEIVED);

    const reports = await reportsOf(first.body.id);
    expect(reports.map((r) => [r.channel, r.relation, r.phoneMasked])).toEqual([
      ['miniprogram', null, '137****2222'],
      ['miniprogram', null, '139****5678'],
    ]);
    expect(reports[0].residentId).not.toBe(reports[1].residentId);
    // The neighbour has no case of their own, so 我的申报 shows them nothing; the household's timeline skips the reports.
    expect((await t.http.get('/api/me/cases').set('authorization', bearer(neighbour)).expect(200)).body.items).toEqual([]);
    const mine = (await t.http.get('/api/me/cases').set('authorization', bearer(owner)).expect(200)).body.items;
    expect(mine).toHaveLength(1);
    expect(mine[0].timeline.events.map((e: { action: string }) => e.action)).toEqual(['declare']);
  });

  it('shows the cadre the reports on the case detail, in the console API and in chat', async () => {
    const id = validIdNumber(seq++);
    const first = await declareAs(declaration({}, { idNumber: id })).expect(201);
    await declareAs(declaration({ hardships: ['other'], details: { otherText: '羊冻死了十几只' }, proxy: { name: '其其格', relation: '邻居', phone: '13600003333' } }, { idNumber: id })).expect(202);

    const token = await t.login('cadreA1');
    const { body: detail } = await t.http.get(`/api/cases/${first.body.id}`).set('authorization', bearer(token)).expect(200);
    expect(detail.reports).toEqual({
      total: 1,
      items: [expect.objectContaining({ label: '同户再次申报', reporter: { name: '其其格', relation: '邻居', phone: '136****3333' }, hardshipLabels: ['其他'], otherText: '羊冻死了十几只' })],
    });
    expect(JSON.stringify(detail.reports)).not.toContain('13600003333');
    expect(detail.events.map((e: { label: string }) => e.label)).toContain('同户再次申报');

    const chat = await createChatPorts(t.app).cadreCaseDetail(t.users.cadreA1, first.body.trackingCode);
    const text = renderDetail(chat, t.clock.now);
    expect(text).toContain('同户再次申报1次');
    expect(text).toContain('其其格（邻居） 136****3333：羊冻死了十几只');
  });

  it('tells the township when the case waits to be routed', async () => {
    const id = validIdNumber(seq++);
    const first = await declareAs(declaration({}, { idNumber: id, villageCode: PLACES.villageNoCadre })).expect(201);
    await declareAs(declaration({}, { idNumber: id, villageCode: PLACES.villageNoCadre })).expect(202);
    const notices = await t.app.db.getRepository(OutboxMessage).find({ where: { caseId: first.body.id, kind: 'case_reported_again' } });
    expect(notices.map((n) => n.recipientId)).toEqual([t.users.townB]);
  });

  it('opens a new case once the earlier one is closed', async () => {
    const id = validIdNumber(seq++);
    const first = await declareAs(declaration({}, { idNumber: id })).expect(201);
    const token = await t.login('cadreA1');
    await t.http.post(`/api/cases/${first.body.id}/actions`).set('authorization', bearer(token)).send({ action: 'close', reason: 'no_risk', version: 1 }).expect(200);
    const again = await declareAs(declaration({}, { idNumber: id })).expect(201);
    expect(again.body).toMatchObject({ outcome: 'filed' });
    expect(again.body.id).not.toBe(first.body.id);
    expect(await reportsOf(first.body.id)).toEqual([]);
  });

  it('keeps the chat\'s short report on the open case, and says when none is open', async () => {
    const ports = createChatPorts(t.app);
    const residentId = (await residentFor(t.app, 'chat', 'wx-reports-chat')).id;
    const id = validIdNumber(seq++);
    expect(await ports.householdHasOpenCase(id)).toBe(false);
    const short = { applicant: { name: '巴特尔', idNumber: id, phone: '13500004444' }, proxy: null, hardships: ['employment'], details: {}, words: '打工的工钱还没给' };
    expect(await ports.submitHouseholdReport(residentId, short)).toBeNull();

    const first = await declareAs(declaration({}, { idNumber: id })).expect(201);
    expect(await ports.householdHasOpenCase(id.toLowerCase())).toBe(true);
    expect(await ports.submitHouseholdReport(residentId, short)).toEqual({ outcome: 'reported' });
    const [report] = await reportsOf(first.body.id);
    expect(report).toMatchObject({ channel: 'chat', residentId, reporterName: '巴特尔', relation: null, phoneMasked: '135****4444', hardships: ['employment'], words: '打工的工钱还没给', householdSize: null });
    await expect(ports.submitHouseholdReport(residentId, { ...short, hardships: [] })).rejects.toMatchObject({ status: 400 });
  });

  it('walks the chat\'s short path on the real services: three answers after the ID number, kept on the open case', async () => {
    const id = validIdNumber(seq++);
    const first = await declareAs(declaration({}, { idNumber: id })).expect(201);
    const ports = createChatPorts(t.app);
    const residentId = (await residentFor(t.app, 'chat', 'wx-reports-walk')).id;
    let state: unknown = null;
    const replies: string[] = [];
    for (const text of ['你好', '1', '兴科', '巴特尔', id, '13512345678', '1', '家里老人又住院了']) {
      const result = await handleMessage({ sender: { kind: 'resident', residentId, channelUserId: 'wx-reports-walk' }, text, inRoom: false, mentioned: false, now: t.clock.now }, state, ports);
      state = result.state;
      replies.push(result.replies.join('\n'));
    }
    expect(replies[4]).toContain('这户的情况村干部已经知道了');
    expect(replies.at(-1)).toBe('已收到，村干部会一并核实。');
    const [report] = await reportsOf(first.body.id);
    expect(report).toMatchObject({ channel: 'chat', residentId, reporterName: '巴特尔', phoneMasked: '135****5678', hardships: ['illness'], words: '家里老人又住院了' });
    for (const reply of replies) expect(reply).not.toContain(first.body.trackingCode);
  });

  it('documents both answers of a declaration', async () => {
    const { body } = await t.http.get('/api/openapi.json').expect(200);
    const responses = body.paths['/api/declarations'].post.responses;
    expect(responses['201'].content['application/json'].schema.required).toEqual(expect.arrayContaining(['outcome', 'id', 'trackingCode']));
    expect(responses['202'].content['application/json'].schema.properties.message.const).toBe('已收到，村干部会一并核实');
  });
});
