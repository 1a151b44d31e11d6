import { OutboxMessage } from '../../src/store/entities';
import { caseSteps } from '../support/caseSteps';
import { validIdNumber } from '../support/ids';
import { createTestApp, declaration, DRIVERS, PLACES, rowCounts, type TestApp } from '../support/testApp';

/** 基层干部排查: a cadre files the case of a household found while screening; it enters the same procedure. */
describe.each(DRIVERS)('POST /api/cases (cadre screening) on %s', (driver) => {
  let t: TestApp;
  let steps: ReturnType<typeof caseSteps>;
  beforeAll(async () => {
    t = await createTestApp(driver);
    steps = caseSteps(t);
  });
  afterAll(() => t.close());

  const file = async (user: Parameters<TestApp['login']>[0], body: object, status: number) =>
    (await t.http.post('/api/cases').set('authorization', `Bearer ${await steps.token(user)}`).send(body).expect(status)).body;

  it("starts at the finder's own visit, marked 基层干部排查", async () => {
    const filed = await file('cadreA1', declaration({}, { idNumber: validIdNumber(1) }), 201);
    expect(filed).toMatchObject({ state: 'investigating', assignee: { name: 'cadreA1' } });
    const d = await steps.detail('cadreA1', filed.id);
    expect(d).toMatchObject({ intakeMethod: 'cadre_screening', intakeMethodLabel: '基层干部排查', assignee: { id: t.users.cadreA1 }, dueAt: '2026-11-25T15:59:59.999Z' });
    expect(d.events.map((e: { action: string; label: string }) => [e.action, e.label])).toEqual([['file', '干部排查登记']]);
    // Nobody is notified of what they did themselves; the household has no WeChat on record here.
    expect(await t.app.db.getRepository(OutboxMessage).countBy({ caseId: filed.id })).toBe(0);
  });

  it('tells a household that declared through WeChat before, in plain words', async () => {
    const resident = (await t.http.post('/api/auth/wechat').send({ code: 'demo:screened-household' }).expect(200)).body.token;
    const id = validIdNumber(2);
    const earlier = await steps.declare({}, { idNumber: id }, resident);
    await steps.act('cadreA1', earlier.id, { action: 'close', reason: 'withdrawn' });
    const filed = await file('cadreA1', declaration({ hardships: ['disaster'], details: { disasterWhen: 1, disasterLoss: 30000 } }, { idNumber: id }), 201);
    const told = await t.app.db.getRepository(OutboxMessage).findOneByOrFail({ caseId: filed.id, recipientType: 'resident' });
    expect(told).toMatchObject({ kind: 'case_received', payload: expect.objectContaining({ text: '村干部为您家登记了困难情况，会两人一起到您家了解情况。' }) });
    const mine = await t.http.get(`/api/me/cases/${filed.id}`).set('authorization', `Bearer ${resident}`).expect(200);
    expect(mine.body.timeline.events.map((e: { text: string }) => e.text)).toEqual(['村干部为您家登记了困难情况']);
  });

  it("refuses a village that is not the cadre's, a household with an open case, and writes nothing", async () => {
    const before = await rowCounts(t.app);
    const elsewhere = await file('cadreA1', declaration({}, { idNumber: validIdNumber(3), villageCode: PLACES.villageB1 }), 403);
    expect(elsewhere.error.message).toBe('只能为您负责的村登记');
    const open = validIdNumber(1);
    expect((await file('cadreA1b', declaration({}, { idNumber: open }), 409)).error.code).toBe('duplicate_open_case');
    expect((await file('cadreA1', { ...declaration({}, { idNumber: validIdNumber(4) }), consent: false }, 400)).error.message).toBe('需要同意授权核查后才能申报');
    expect(await rowCounts(t.app)).toEqual(before);
  });

  it('a township screening is routed to the village cadre like a declaration', async () => {
    const filed = await file('townA', declaration({}, { idNumber: validIdNumber(5), villageCode: PLACES.villageA2 }), 201);
    expect(filed).toMatchObject({ state: 'assigned', assignee: { name: 'cadreA2' } });
    expect((await steps.detail('townA', filed.id)).intakeMethod).toBe('cadre_screening');
  });
});
