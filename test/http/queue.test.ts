import { createTestApp, declaration, DRIVERS, type TestApp } from '../support/testApp';
import { validIdNumber } from '../support/ids';

describe.each(DRIVERS)('GET /api/queue on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  it('puts urgent cases first, then the oldest, and pages with a cursor', async () => {
    const codes: Record<string, string> = {};
    const declare = async (name: string, minutes: number, payload: object) => {
      t.clock.now = new Date(Date.parse('2026-11-23T02:00:00Z') + minutes * 60_000);
      codes[name] = (await t.http.post('/api/declarations').send(payload).expect(201)).body.trackingCode;
    };
    await declare('old', 0, declaration({}, { idNumber: validIdNumber(1) }));
    await declare('newer', 5, declaration({}, { idNumber: validIdNumber(2) }));
    await declare('urgentLate', 10, declaration({ hardships: ['water'], details: { waterProblem: 1 } }, { idNumber: validIdNumber(3) }));
    await declare('newest', 15, declaration({}, { idNumber: validIdNumber(4) }));

    const token = await t.login('cadreA1');
    const first = await t.http.get('/api/queue?limit=2').set('authorization', `Bearer ${token}`).expect(200);
    const second = await t.http.get(`/api/queue?limit=2&cursor=${first.body.nextCursor}`).set('authorization', `Bearer ${token}`).expect(200);
    const order = [...first.body.items, ...second.body.items].map((i: { trackingCode: string }) => i.trackingCode);
    expect(order).toEqual([codes.urgentLate, codes.old, codes.newer, codes.newest]);
    expect(second.body.nextCursor).toBeNull();
    // Accepting within one working day: declared Monday 10:00 China time → due end of Tuesday.
    expect(first.body.items[1].dueAt).toBe('2026-11-24T15:59:59.999Z');
  });
});
