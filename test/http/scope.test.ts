import { createTestApp, declaration, DRIVERS, PLACES, type TestApp } from '../support/testApp';
import { validIdNumber } from '../support/ids';

/** One case in each of three villages (two towns); who sees which. */
describe.each(DRIVERS)('role scope on %s', (driver) => {
  let t: TestApp;
  const ids: Record<'A1' | 'A2' | 'B1', number> = { A1: 0, A2: 0, B1: 0 };
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(driver);
    const villages = { A1: PLACES.villageA1, A2: PLACES.villageA2, B1: PLACES.villageB1 } as const;
    let n = 100;
    for (const key of ['A1', 'A2', 'B1'] as const) {
      const { body } = await t.http.post('/api/declarations').send(declaration({}, { idNumber: validIdNumber(n++), villageCode: villages[key] })).expect(201);
      ids[key] = body.id;
    }
    for (const user of ['cadreA1', 'cadreA2', 'cadreB1', 'townA', 'townB', 'county'] as const) tokens[user] = await t.login(user);
  });
  afterAll(() => t.close());

  const listed = async (user: string, query = '') => {
    const response = await t.http.get(`/api/cases${query}`).set('authorization', `Bearer ${tokens[user]}`).expect(200);
    return (response.body.items as { id: number }[]).map((item) => item.id).sort();
  };

  it('lists for each role exactly the cases in its scope', async () => {
    expect(await listed('cadreA1')).toEqual([ids.A1]);
    expect(await listed('cadreA2')).toEqual([ids.A2]);
    expect(await listed('cadreB1')).toEqual([ids.B1]);
    expect(await listed('townA')).toEqual([ids.A1, ids.A2].sort());
    expect(await listed('townB')).toEqual([ids.B1]);
    expect(await listed('county')).toEqual([ids.A1, ids.A2, ids.B1].sort());
  });

  it('answers an out-of-scope case exactly like a missing one', async () => {
    const outOfScope = await t.http.get(`/api/cases/${ids.B1}`).set('authorization', `Bearer ${tokens.cadreA1}`).expect(404);
    const missing = await t.http.get('/api/cases/999999').set('authorization', `Bearer ${tokens.cadreA1}`).expect(404);
    expect(outOfScope.body).toEqual(missing.body);
    await t.http.get(`/api/cases/${ids.A2}`).set('authorization', `Bearer ${tokens.townB}`).expect(404);
    await t.http.post(`/api/cases/${ids.B1}/actions`).set('authorization', `Bearer ${tokens.cadreA1}`).send({ action: 'accept', version: 1 }).expect(404);
    const own = await t.http.get(`/api/cases/${ids.B1}`).set('authorization', `Bearer ${tokens.townB}`).expect(200);
    expect(own.body.phone).toBe('13912345678');
    expect(own.body.idNumber).toMatch(/^1522\*{10}\d{3}[\dX]$/);
  });

  it('masks phone and ID in lists', async () => {
    const response = await t.http.get('/api/cases').set('authorization', `Bearer ${tokens.county}`).expect(200);
    for (const item of response.body.items) {
      expect(item.phone).toBe('139****5678');
      expect(item.idNumber).toMatch(/^1522\*{10}/);
    }
  });

  it('filters the county list by town, village, risk type, urgency and state', async () => {
    expect(await listed('county', `?town=${PLACES.townB}`)).toEqual([ids.B1]);
    expect(await listed('county', `?village=${PLACES.villageA2}`)).toEqual([ids.A2]);
    expect(await listed('county', '?riskType=illness')).toHaveLength(3);
    expect(await listed('county', '?riskType=water')).toEqual([]);
    expect(await listed('county', '?urgent=true')).toEqual([]);
    expect(await listed('county', '?state=assigned')).toHaveLength(3);
    const bad = await t.http.get('/api/cases?state=nonsense').set('authorization', `Bearer ${tokens.county}`).expect(400);
    expect(bad.body.error.message).toBe('状态不正确');
  });

  it('pages with a cursor without repeating or skipping', async () => {
    const first = await t.http.get('/api/cases?limit=2').set('authorization', `Bearer ${tokens.county}`).expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await t.http.get(`/api/cases?limit=2&cursor=${first.body.nextCursor}`).set('authorization', `Bearer ${tokens.county}`).expect(200);
    expect(second.body.nextCursor).toBeNull();
    const all = [...first.body.items, ...second.body.items].map((i: { id: number }) => i.id).sort();
    expect(all).toEqual([ids.A1, ids.A2, ids.B1].sort());
    await t.http.get('/api/cases?cursor=garbage').set('authorization', `Bearer ${tokens.county}`).expect(400);
  });

  it('keeps residents and anonymous callers out of staff endpoints', async () => {
    await t.http.get('/api/cases').expect(401);
    const resident = await t.http.post('/api/auth/wechat').send({ code: 'demo:scope-resident' }).expect(200);
    await t.http.get('/api/queue').set('authorization', `Bearer ${resident.body.token}`).expect(403);
    await t.http.get('/api/cases').set('authorization', 'Bearer forged.token').expect(401);
  });
});
