import type { ConversationPorts, ReportedToOpenCase, SubmittedCase } from '../../src/conversation/ports';
import { residentFor } from '../../src/services/auth';
import { requestCallback } from '../../src/services/callbacks';
import { createChatPorts } from '../../src/services/chatPorts';
import { Case, CaseEvent, OutboxMessage, Resident } from '../../src/store/entities';
import { validIdNumber } from '../support/ids';
import { createTestApp, declaration, DRIVERS, PLACES, type TestApp } from '../support/testApp';

const codeOf = (result: SubmittedCase | ReportedToOpenCase): string => {
  if (result.outcome !== 'filed') throw new Error('expected a new case');
  return result.trackingCode;
};

/** The engine's ports on the real services: the scope a cadre has in chat is the scope they have in the API. */
describe.each(DRIVERS)('chat ports on %s', (driver) => {
  let t: TestApp;
  let ports: ConversationPorts;
  let residentId: number;
  let seq = 100;
  const declareIn = async (villageCode: string = PLACES.villageA1) =>
    codeOf(await ports.submitDeclaration(residentId, declaration({}, { idNumber: validIdNumber(seq++), villageCode })));
  const refusal = (work: Promise<unknown>) => work.then(() => null, (error: { status?: number; message: string }) => ({ status: error.status, message: error.message }));

  beforeAll(async () => {
    t = await createTestApp(driver);
    ports = createChatPorts(t.app);
    residentId = (await residentFor(t.app, 'chat', 'wx-resident')).id;
  });
  afterAll(() => t.close());

  it('finds villages by name and lists towns and villages of the served county', async () => {
    expect(await ports.searchVillages('兴科', 10)).toEqual([{ code: PLACES.villageA1, name: '兴科居委会', townName: expect.any(String) }]);
    const towns = await ports.listTowns();
    expect(towns.map((town) => town.code)).toEqual(expect.arrayContaining([PLACES.townA, PLACES.townB]));
    expect((await ports.listVillages(PLACES.townB)).map((v) => v.code)).toContain(PLACES.villageB1);
  });

  it('a cadre sees and acts on their own cases; others get "not found" or "not yours"', async () => {
    const code = await declareIn();
    expect((await ports.cadreQueue(t.users.cadreA1)).map((q) => q.trackingCode)).toContain(code);
    expect((await ports.cadreQueue(t.users.cadreB1)).map((q) => q.trackingCode)).not.toContain(code);
    const detail = await ports.cadreCaseDetail(t.users.cadreA1, code);
    expect(detail).toMatchObject({ villageName: '兴科居委会', applicantName: '巴特尔', phoneMasked: '139****5678', riskTypeLabels: ['因病'], stateLabel: '待受理' });

    expect(await refusal(ports.cadreCaseDetail(t.users.cadreB1, code))).toEqual({ status: 404, message: '案件不存在' });
    expect(await refusal(ports.cadreAct(t.users.cadreB1, code, 'accept', {}))).toEqual({ status: 404, message: '案件不存在' });
    // The second cadre of the same village may read it, but it is not in their queue.
    expect(await refusal(ports.cadreAct(t.users.cadreA1b, code, 'accept', {}))).toEqual({ status: 403, message: '这件申报不在您的待办里' });

    expect(await ports.cadreAct(t.users.cadreA1, code, 'accept', {})).toMatchObject({ stateLabel: '入户核查' });
    expect(await refusal(ports.cadreAct(t.users.cadreA1, code, 'accept', {}))).toMatchObject({ status: 409 });
    expect(await ports.cadreAct(t.users.cadreA1, code, 'close', { reason: 'no_risk', note: '已核实' })).toMatchObject({ stateLabel: '已结案' });
    const [mine] = await ports.listResidentCases(residentId);
    expect(mine).toMatchObject({ trackingCode: code, stateLabel: '已办结' });
  });

  it('转交 hands a case back to the township and tells the township staff', async () => {
    const code = await declareIn();
    expect(await ports.cadreAct(t.users.cadreA1, code, 'transfer', { reason: '不是我负责的户' })).toMatchObject({ stateLabel: '待分派' });
    const c = await t.app.db.getRepository(Case).findOneByOrFail({ trackingCode: code });
    expect(c).toMatchObject({ state: 'submitted', assigneeId: null, needsRouting: true });
    const notices = await t.app.db.getRepository(OutboxMessage).findBy({ caseId: c.id, kind: 'case_transferred' });
    expect(notices.map((n) => [n.recipientType, n.recipientId])).toEqual([['staff', t.users.townA]]);
  });

  it('a call-back request shows its reason in the queue and its phone to its own cadre only', async () => {
    const filed = await requestCallback(t.app, residentId, { villageCode: PLACES.villageA1, phone: '13700000001' });
    const code = filed!.trackingCode;
    expect(await requestCallback(t.app, residentId, { villageCode: PLACES.villageA1, phone: '13700000001' })).toEqual({ trackingCode: code, assignee: 'cadreA1', officePhone: null });
    // Asked again with nothing (人工 after submitting): the open request in the village on file, not a second one.
    expect(await requestCallback(t.app, residentId, {})).toEqual({ trackingCode: code, assignee: 'cadreA1', officePhone: null });
    const item = (await ports.cadreQueue(t.users.cadreA1)).find((q) => q.trackingCode === code);
    expect(item?.riskTypeLabels).toEqual(['群众请求回电']);
    expect(await ports.cadreCaseDetail(t.users.cadreA1, code)).toMatchObject({ applicantName: '未留名', phoneMasked: '13700000001' });
    expect((await ports.cadreCaseDetail(t.users.cadreA1b, code)).phoneMasked).toBe('137****0001');
  });

  it('a call-back request without a village on file files nothing; one in a village without a cadre goes to the township', async () => {
    const before = await t.app.db.getRepository(Case).count();
    const newcomer = (await residentFor(t.app, 'chat', 'wx-resident-no-case')).id;
    expect(await requestCallback(t.app, newcomer, { phone: '13700000002' })).toBeNull();
    expect(await requestCallback(t.app, newcomer, {})).toBeNull();
    expect(await t.app.db.getRepository(Case).count()).toBe(before);

    const filed = await requestCallback(t.app, residentId, { villageCode: PLACES.villageNoCadre, phone: '13700000002', name: '乌力吉' });
    const c = await t.app.db.getRepository(Case).findOneByOrFail({ trackingCode: filed!.trackingCode });
    expect(c).toMatchObject({ state: 'submitted', needsRouting: true, applicantName: '乌力吉', callbackRequested: true });
    const notices = await t.app.db.getRepository(OutboxMessage).findBy({ caseId: c.id, recipientType: 'staff' });
    expect(notices.map((n) => [n.kind, n.recipientId])).toEqual([['case_needs_routing', t.users.townB]]);
  });

  it('a full declaration closes the same resident\'s open call-back request in that village as its duplicate', async () => {
    const other = (await residentFor(t.app, 'chat', 'wx-resident-2')).id;
    const callback = (await requestCallback(t.app, other, { villageCode: PLACES.villageB1, phone: '13700000003' }))!.trackingCode;
    const declared = codeOf(await ports.submitDeclaration(other, declaration({}, { idNumber: validIdNumber(seq++), villageCode: PLACES.villageB1 })));
    const closed = await t.app.db.getRepository(Case).findOneByOrFail({ trackingCode: callback });
    expect(closed).toMatchObject({ state: 'closed', isOpen: false, closeReason: 'duplicate' });
    const events = await t.app.db.getRepository(CaseEvent).findBy({ caseId: closed.id, action: 'close' });
    expect(events).toEqual([expect.objectContaining({ actorType: 'system', fromState: 'assigned', note: `群众已正式申报 ${declared}` })]);
    expect((await ports.cadreQueue(t.users.cadreB1)).map((q) => q.trackingCode)).toEqual([declared]);
  });

  it('marks who asked for a call-back, so a declaration over the API closes theirs too (and only theirs are looked for)', async () => {
    const signedIn = await t.http.post('/api/auth/wechat').send({ code: 'demo:callback-then-declare' }).expect(200);
    const id = signedIn.body.resident.id as number;
    expect((await t.app.db.getRepository(Resident).findOneByOrFail({ id })).callbackFiledAt).toBeNull();
    const callback = (await requestCallback(t.app, id, { villageCode: PLACES.villageA2, phone: '13700000004' }))!.trackingCode;
    expect((await t.app.db.getRepository(Resident).findOneByOrFail({ id })).callbackFiledAt).toEqual(t.clock.now);
    await t.http
      .post('/api/declarations')
      .set('authorization', `Bearer ${signedIn.body.token}`)
      .send(declaration({}, { idNumber: validIdNumber(seq++), villageCode: PLACES.villageA2 }))
      .expect(201);
    expect(await t.app.db.getRepository(Case).findOneByOrFail({ trackingCode: callback })).toMatchObject({ state: 'closed', closeReason: 'duplicate' });
  });
});
