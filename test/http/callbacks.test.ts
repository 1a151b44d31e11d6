import { createTestApp, declaration, DRIVERS, PLACES, rowCounts, type TestApp } from '../support/testApp';
import { validIdNumber } from '../support/ids';
import { Case, CaseEvent, OutboxMessage } from '../../src/store/entities';
import { setVillageOfficePhone } from '../../src/services/villageContacts';

/** Issue 13: "请村干部给我回电话" from the mini-program, with the number the household already gave. */
describe.each(DRIVERS)('resident call-backs over HTTP on %s', (driver) => {
  let t: TestApp;
  let n = 0;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  const resident = async () => (await t.http.post('/api/auth/wechat').send({ code: `demo:callback-${driver}-${++n}` }).expect(200)).body.token as string;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  it('one tap files a call-back in the village of the household’s declaration, with its phone, routed to the cadre and audited', async () => {
    const token = await resident();
    await t.http.post('/api/declarations').set(as(token)).send(declaration({}, { idNumber: validIdNumber(501), phone: '13900000501' })).expect(201);
    expect((await t.http.get('/api/me/callback').set(as(token)).expect(200)).body).toEqual({ known: true, officePhone: null });

    const { body } = await t.http.post('/api/me/callbacks').set(as(token)).send({}).expect(201);
    expect(body).toEqual({ trackingCode: expect.stringMatching(/^\d{8}$/), assignee: 'cadreA1', officePhone: null });
    const c = await t.app.db.getRepository(Case).findOneByOrFail({ trackingCode: body.trackingCode });
    expect(c).toMatchObject({ callbackRequested: true, channel: 'miniprogram', villageCode: PLACES.villageA1, assigneeId: t.users.cadreA1, idNumberEnc: null, applicantName: '巴特尔' });
    expect(t.app.crypto.decrypt(c.phoneEnc)).toBe('13900000501');
    expect(await t.app.db.getRepository(CaseEvent).findBy({ caseId: c.id })).toEqual([expect.objectContaining({ action: 'declare', toState: 'assigned' })]);
    expect((await t.app.db.getRepository(OutboxMessage).findBy({ caseId: c.id, recipientType: 'staff' })).map((o) => o.kind)).toEqual(['case_assigned']);

    // A second tap is the same request, not a second case.
    const before = await rowCounts(t.app);
    expect((await t.http.post('/api/me/callbacks').set(as(token)).send({}).expect(201)).body.trackingCode).toBe(body.trackingCode);
    expect(await rowCounts(t.app)).toEqual(before);
  });

  it('asks (422, in Chinese) when nothing is on file, changing nothing; then takes the number and village given', async () => {
    const token = await resident();
    expect((await t.http.get('/api/me/callback').set(as(token)).expect(200)).body).toEqual({ known: false, officePhone: null });
    const before = await rowCounts(t.app);
    const refused = await t.http.post('/api/me/callbacks').set(as(token)).send({}).expect(422);
    expect(refused.body).toEqual({ error: { code: 'callback_needs_contact', message: '请留一个手机号，再选一下您家是哪个村，村干部才能给您回电话' } });
    await t.http.post('/api/me/callbacks').set(as(token)).send({ phone: '13900000502' }).expect(422);
    expect(await rowCounts(t.app)).toEqual(before);

    const { body } = await t.http.post('/api/me/callbacks').set(as(token)).send({ villageCode: PLACES.villageB1, phone: '139 0000 0502' }).expect(201);
    expect(body.assignee).toBe('cadreB1');
    const c = await t.app.db.getRepository(Case).findOneByOrFail({ trackingCode: body.trackingCode });
    expect([c.villageCode, t.app.crypto.decrypt(c.phoneEnc), c.applicantName]).toEqual([PLACES.villageB1, '13900000502', '未留名']);
  });

  it.each([
    [{ phone: '1390000' }, '手机号应为11位，您填了7位'],
    [{ villageCode: '1522', phone: '13900000503' }, '村代码应为12位'],
    [{ phone: '13900000503', extra: 1 }, null],
  ])('refuses %j with 400, changing nothing', async (sent, message) => {
    const token = await resident();
    const before = await rowCounts(t.app);
    const response = await t.http.post('/api/me/callbacks').set(as(token)).send(sent).expect(400);
    expect(response.body.error.code).toBe('validation_failed');
    if (message) expect(response.body.error.message).toContain(message);
    expect(await rowCounts(t.app)).toEqual(before);
  });

  it('shows the office phone the county entered for the village, before and after the tap', async () => {
    const token = await resident();
    await t.http.post('/api/declarations').set(as(token)).send(declaration({}, { idNumber: validIdNumber(504), villageCode: PLACES.villageA2 })).expect(201);
    await setVillageOfficePhone(t.app, PLACES.villageA2, '0482-8821234');
    expect((await t.http.get('/api/me/callback').set(as(token)).expect(200)).body).toEqual({ known: true, officePhone: '0482-8821234' });
    expect((await t.http.get(`/api/me/callback?villageCode=${PLACES.villageB1}`).set(as(token)).expect(200)).body.officePhone).toBeNull();
    expect((await t.http.post('/api/me/callbacks').set(as(token)).send({}).expect(201)).body).toMatchObject({ assignee: 'cadreA2', officePhone: '0482-8821234' });
    await setVillageOfficePhone(t.app, PLACES.villageA2, null);
    expect((await t.http.get('/api/me/callback').set(as(token)).expect(200)).body.officePhone).toBeNull();
  });

  it('needs a resident token', async () => {
    await t.http.post('/api/me/callbacks').send({}).expect(401);
    await t.http.get('/api/me/callback').expect(401);
    await t.http.post('/api/me/phone').send({ code: 'demo:13900000505' }).expect(401);
  });

  it('in demo mode reads a phone-number button code demo:<number>; a number that is not a mainland mobile is refused', async () => {
    const token = await resident();
    expect((await t.http.post('/api/me/phone').set(as(token)).send({ code: 'demo:+86 139 0000 0506' }).expect(200)).body).toEqual({ phone: '13900000506' });
    const refused = await t.http.post('/api/me/phone').set(as(token)).send({ code: 'demo:0482-8821234' }).expect(400);
    expect(refused.body.error).toEqual({ code: 'phone_not_mobile', message: '微信里的号码不是大陆手机号，请自己填写一个手机号' });
    await t.http.post('/api/me/phone').set(as(token)).send({}).expect(400);
  });
});
