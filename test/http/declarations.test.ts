import { createTestApp, declaration, DRIVERS, PLACES, rowCounts, type TestApp } from '../support/testApp';
import { validIdNumber } from '../support/ids';
import { Case, CaseEvent, OutboxMessage } from '../../src/store/entities';

describe.each(DRIVERS)('POST /api/declarations on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  it('routes a declaration to the primary cadre of the village, with audit and outbox rows', async () => {
    const response = await t.http
      .post('/api/declarations')
      .send(declaration({ hardships: ['illness', 'disaster'], details: { medicalOutOfPocket: 12000, disasterDate: '2026-11-01', disasterLoss: 8000 } }))
      .expect(201);
    expect(response.body).toMatchObject({ state: 'assigned', riskTypes: ['illness', 'disaster'], urgency: 'urgent', assignee: { name: 'cadreA1' } });
    expect(response.body.trackingCode).toMatch(/^\d{8}$/);

    const stored = await t.app.db.getRepository(Case).findOneByOrFail({ id: response.body.id });
    expect(stored.assigneeId).toBe(t.users.cadreA1);
    expect(stored.idNumberEnc).not.toContain('11010519491231002X');
    expect(t.app.crypto.decrypt(stored.idNumberEnc ?? "")).toBe('11010519491231002X');
    expect(stored.idNumberMasked).toBe('1101**********002X');
    expect(stored.flags).toEqual(expect.arrayContaining(['high_medical_cost', 'below_income_line']));
    expect(stored.perCapitaIncome).toBe(5000);

    const events = await t.app.db.getRepository(CaseEvent).findBy({ caseId: stored.id });
    expect(events).toEqual([expect.objectContaining({ action: 'declare', fromState: null, toState: 'assigned', actorName: '巴特尔' })]);
    const outbox = await t.app.db.getRepository(OutboxMessage).findBy({ caseId: stored.id });
    expect(outbox).toEqual([expect.objectContaining({ channel: 'chat', recipientType: 'staff', recipientId: t.users.cadreA1, kind: 'case_assigned', state: 'pending' })]);
    expect(JSON.stringify(outbox[0].payload)).not.toMatch(/11010519491231002X|13912345678|12000/);
  });

  it('appears in the assigned cadre queue and in no other cadre queue', async () => {
    const { body } = await t.http.post('/api/declarations').send(declaration({}, { idNumber: validIdNumber(1), villageCode: PLACES.villageA2 })).expect(201);
    const queues: Record<string, string[]> = {};
    for (const user of ['cadreA1', 'cadreA1b', 'cadreA2', 'cadreB1'] as const) {
      const token = await t.login(user);
      const response = await t.http.get('/api/queue').set('authorization', `Bearer ${token}`).expect(200);
      queues[user] = response.body.items.map((item: { trackingCode: string }) => item.trackingCode);
    }
    expect(queues.cadreA2).toEqual([body.trackingCode]);
    expect(queues.cadreA1).not.toContain(body.trackingCode);
    expect(queues.cadreA1b).not.toContain(body.trackingCode);
    expect(queues.cadreB1).toEqual([]);
  });

  it('sends a village with no responsible cadre to the township queue, flagged', async () => {
    const { body } = await t.http.post('/api/declarations').send(declaration({}, { idNumber: validIdNumber(2), villageCode: PLACES.villageNoCadre })).expect(201);
    expect(body).toMatchObject({ state: 'submitted', assignee: null });
    const token = await t.login('townB');
    const queue = await t.http.get('/api/queue').set('authorization', `Bearer ${token}`).expect(200);
    expect(queue.body.items).toEqual([expect.objectContaining({ trackingCode: body.trackingCode, needsRouting: true })]);
    const notices = await t.app.db.getRepository(OutboxMessage).findBy({ caseId: body.id });
    expect(notices.map((n) => [n.recipientId, n.kind])).toEqual([[t.users.townB, 'case_needs_routing']]);
  });

  it('opens no second case for the same ID number, and answers without a word about the open one', async () => {
    const id = validIdNumber(3);
    const first = await t.http.post('/api/declarations').send(declaration({}, { idNumber: id })).expect(201);
    expect(first.body.outcome).toBe('filed');
    const before = await rowCounts(t.app);
    const second = await t.http.post('/api/declarations').send(declaration({ hardships: ['water'] }, { idNumber: id.toLowerCase() })).expect(202);
    expect(second.body).toEqual({ outcome: 'reported', message: '已收到，村干部会一并核实' });
    // Kept on the open case (householdReports.test.ts reads it back): one audit row and the cadre's notice, no case.
    expect(await rowCounts(t.app)).toEqual({ ...before, case_events: before.case_events + 1, outbox: before.outbox + 1 });
  });

  it('lets only one of simultaneous declarations for the same household open a case; the others are kept on it', async () => {
    const id = validIdNumber(4);
    const payload = declaration({}, { idNumber: id });
    const statuses = (await Promise.all([1, 2, 3].map(() => t.http.post('/api/declarations').send(payload)))).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 202, 202]);
    const cases = await t.app.db.getRepository(Case).findBy({ idNumberHash: t.app.crypto.lookupHash(id) });
    expect(cases).toHaveLength(1);
    const [{ n }] = (await t.app.db.query('SELECT COUNT(*) AS n FROM case_reports WHERE caseId = ?', [cases[0].id])) as { n: number | string }[];
    expect(Number(n)).toBe(2);
  });

  it('spreads cases over cadres by load when no one is primary', async () => {
    await t.app.db.query('UPDATE cadre_villages SET isPrimary = ? WHERE villageCode = ?', [false, PLACES.villageA1]);
    const assignees: string[] = [];
    for (const n of [10, 11, 12, 13]) {
      const { body } = await t.http.post('/api/declarations').send(declaration({}, { idNumber: validIdNumber(n) })).expect(201);
      assignees.push(body.assignee.name);
    }
    await t.app.db.query('UPDATE cadre_villages SET isPrimary = ? WHERE villageCode = ? AND staffId = ?', [true, PLACES.villageA1, t.users.cadreA1]);
    // cadreA1 already carries the first tests' cases, so cadreA1b catches up first.
    expect(assignees.slice(0, 2)).toEqual(['cadreA1b', 'cadreA1b']);
    expect(assignees.filter((a) => a === 'cadreA1b').length).toBeGreaterThanOrEqual(2);
  });

  const badRequests: [string, () => unknown, RegExp][] = [
    ['missing applicant', () => ({ ...declaration(), applicant: undefined }), /申报人信息/],
    ['bad ID checksum', () => declaration({}, { idNumber: '110105194912310021' }), /身份证号不正确/],
    ['bad phone', () => declaration({}, { phone: '12345' }), /联系电话/],
    ['unknown village', () => declaration({}, { villageCode: '152221999999' }), /村不存在/],
    ['wrong type', () => declaration({ householdSize: 'four' }), /家庭人口数/],
    ['no consent', () => declaration({ consent: false }), /同意授权/],
    ['unknown hardship', () => declaration({ hardships: ['aliens'] }), /困难类型不正确/],
    ['other without text', () => declaration({ hardships: ['other'], details: {} }), /其他困难/],
    ['negative amount', () => declaration({ details: { medicalOutOfPocket: -5 } }), /负数/],
    ['unknown field', () => declaration({ isUrgent: true }), /不认识的字段/],
    ['future disaster date', () => declaration({ hardships: ['disaster'], details: { disasterDate: '2027-01-01' } }), /不能晚于今天/],
  ];

  it.each(badRequests)('answers %s with a Chinese 400 and writes nothing', async (_name, payload, message) => {
    const before = await rowCounts(t.app);
    const response = await t.http.post('/api/declarations').send(payload() as object).expect(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.message).toMatch(message);
    expect(await rowCounts(t.app)).toEqual(before);
  });

  it('answers malformed JSON with a 400 in the error shape', async () => {
    const before = await rowCounts(t.app);
    const response = await t.http.post('/api/declarations').set('content-type', 'application/json').send('{"applicant":').expect(400);
    expect(response.body).toEqual({ error: { code: 'bad_request', message: '请求内容不是有效的JSON' } });
    expect(await rowCounts(t.app)).toEqual(before);
  });
});
