import { createTestApp, DRIVERS, PLACES, type TestApp } from '../support/testApp';

/** 常用筛选: each user's named list filters, checked as the list checks them. */
describe.each(DRIVERS)('saved filters on %s', (driver) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(driver);
    for (const user of ['county', 'townA'] as const) tokens[user] = await t.login(user);
  });
  afterAll(() => t.close());

  const as = (user: string) => ({ authorization: `Bearer ${tokens[user]}` });
  const list = async (user: string) => (await t.http.get('/api/saved-filters').set(as(user)).expect(200)).body.items as { id: number; name: string; query: string }[];

  it('keeps the list’s query without the page, in one order, and replaces by name', async () => {
    const saved = await t.http.post('/api/saved-filters').set(as('county')).send({ name: '超期未受理', query: `?cursor=abc&state=assigned&due=overdue&town=${PLACES.townA}&junk=1` }).expect(201);
    expect(saved.body).toMatchObject({ name: '超期未受理', query: `state=assigned&town=${PLACES.townA}&due=overdue` });
    await t.http.post('/api/saved-filters').set(as('county')).send({ name: '超期未受理', query: 'due=overdue&sort=due' }).expect(201);
    expect(await list('county')).toEqual([expect.objectContaining({ name: '超期未受理', query: 'due=overdue&sort=due' })]);
    // The default order is left out, as the list's URL leaves it out.
    expect((await t.http.post('/api/saved-filters').set(as('county')).send({ name: '全部', query: 'sort=newest' }).expect(201)).body.query).toBe('');
  });

  it('refuses a filter the list would refuse, and changes nothing', async () => {
    const before = await list('county');
    expect((await t.http.post('/api/saved-filters').set(as('county')).send({ name: '坏的', query: 'state=nonsense' }).expect(400)).body.error.message).toBe('状态不正确');
    expect((await t.http.post('/api/saved-filters').set(as('county')).send({ name: '', query: '' }).expect(400)).body.error.message).toBe('请填写名称');
    expect(await list('county')).toEqual(before);
  });

  it('is each user’s own: another’s filter is neither listed nor deletable', async () => {
    const [mine] = await list('county');
    expect(await list('townA')).toEqual([]);
    expect((await t.http.delete(`/api/saved-filters/${mine.id}`).set(as('townA')).expect(404)).body.error.message).toBe('没有这个常用筛选');
    await t.http.delete(`/api/saved-filters/${mine.id}`).set(as('county')).expect(204);
    expect((await list('county')).map((f) => f.id)).not.toContain(mine.id);
  });

  it('keeps at most twenty a user', async () => {
    for (let i = (await list('townA')).length; i < 20; i++) await t.http.post('/api/saved-filters').set(as('townA')).send({ name: `筛选${i}`, query: '' }).expect(201);
    expect((await t.http.post('/api/saved-filters').set(as('townA')).send({ name: '第21个', query: '' }).expect(400)).body.error.message).toBe('常用筛选最多20个，请先删掉不用的');
    // Replacing one by name is still allowed.
    await t.http.post('/api/saved-filters').set(as('townA')).send({ name: '筛选3', query: 'urgent=true' }).expect(201);
  });
});
