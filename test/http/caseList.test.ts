import { caseSteps } from '../support/caseSteps';
import { createTestApp, declaration, DRIVERS, PLACES, type TestApp } from '../support/testApp';
import { validIdNumber } from '../support/ids';

const at = (iso: string) => new Date(`${iso}+08:00`);

interface Item {
  id: number;
  trackingCode: string;
  applicantName: string;
  overdue: boolean;
  dueSoon: boolean;
  dueAt: string | null;
  createdAt: string;
}

/** The console's case list: every filter and order, paged by keyset. */
describe.each(DRIVERS)('the case list on %s', (driver) => {
  let t: TestApp;
  let token: string;
  const cases: { id: number; trackingCode: string; name: string; day: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp(driver);
    const steps = caseSteps(t);
    let n = 300;
    // Declared on five days; one by the mini-program, one screened by a cadre.
    const days = ['2026-11-20T10:00:00', '2026-11-23T10:00:00', '2026-11-24T10:00:00', '2026-11-25T10:00:00', '2026-11-26T08:00:00'];
    const names = ['张桂兰', '李100%', '王_明', '张建国', '赵春花'];
    for (const [i, day] of days.entries()) {
      t.clock.now = at(day);
      const c = await steps.declare({}, { name: names[i], idNumber: validIdNumber(n++), villageCode: i === 4 ? PLACES.villageB1 : PLACES.villageA1 });
      cases.push({ id: c.id, trackingCode: c.trackingCode, name: names[i], day: day.slice(0, 10) });
    }
    const resident = await t.http.post('/api/auth/wechat').send({ code: 'demo:list-resident' }).expect(200);
    const mini = await t.http.post('/api/declarations').set('authorization', `Bearer ${resident.body.token}`).send(declaration({}, { name: '小程序户', idNumber: validIdNumber(n++) })).expect(201);
    cases.push({ id: mini.body.id, trackingCode: mini.body.trackingCode, name: '小程序户', day: '2026-11-26' });
    const screened = await t.http.post('/api/cases').set('authorization', `Bearer ${await t.login('cadreA1')}`).send(declaration({}, { name: '排查户', idNumber: validIdNumber(n++) })).expect(201);
    cases.push({ id: screened.body.id, trackingCode: screened.body.trackingCode, name: '排查户', day: '2026-11-26' });
    await steps.act('cadreA1', cases[0].id, { action: 'close', reason: 'withdrawn', note: '群众撤回申请' });
    t.clock.now = at('2026-11-26T09:00:00');
    token = await t.login('county');
  });
  afterAll(() => t.close());

  const get = (query: string, status = 200) => t.http.get(`/api/cases${query}`).set('authorization', `Bearer ${token}`).expect(status);
  const items = async (query: string) => (await get(query)).body.items as Item[];
  const ids = async (query: string) => (await items(query)).map((i) => i.id).sort((a, b) => a - b);
  const idsOf = (predicate: (c: (typeof cases)[number], i: number) => boolean) => cases.filter(predicate).map((c) => c.id).sort((a, b) => a - b);

  it('finds overdue and due-soon cases exactly as the list marks them', async () => {
    const all = await items('?limit=100');
    const overdue = all.filter((i) => i.overdue).map((i) => i.id).sort((a, b) => a - b);
    const soon = all.filter((i) => i.dueSoon).map((i) => i.id).sort((a, b) => a - b);
    expect(overdue.length).toBeGreaterThan(0);
    expect(soon.length).toBeGreaterThan(0);
    expect(await ids('?due=overdue')).toEqual(overdue);
    expect(await ids('?due=soon')).toEqual(soon);
    // The closed case has no due time and is in neither.
    expect([...overdue, ...soon]).not.toContain(cases[0].id);
    expect((await get('?due=later', 400)).body.error.message).toMatch(/^due 只能是/);
  });

  it('limits by registration date in China days, both ends included', async () => {
    expect(await ids('?from=2026-11-23&to=2026-11-24')).toEqual(idsOf((c) => c.day === '2026-11-23' || c.day === '2026-11-24'));
    expect(await ids('?from=2026-11-26')).toEqual(idsOf((c) => c.day === '2026-11-26'));
    expect(await ids('?to=2026-11-20')).toEqual([cases[0].id]);
    expect((await get('?from=2026-11-25&to=2026-11-23', 400)).body.error.message).toBe('开始日期不能晚于结束日期');
    expect((await get('?from=2026-02-30', 400)).body.error.message).toBe('开始日期不是有效日期');
  });

  it('searches by tracking code as people type it, or by a name from its first character', async () => {
    const code = cases[2].trackingCode;
    expect(code).toMatch(/^\d{8}$/);
    expect(await ids(`?q=${code}`)).toEqual([cases[2].id]);
    // As a resident reads it off the page, and as slips printed before the codes lost "SB-" show it.
    expect(await ids(`?q=${encodeURIComponent(`${code.slice(0, 4)} ${code.slice(4)}`)}`)).toEqual([cases[2].id]);
    expect(await ids(`?q=SB-${code}`)).toEqual([cases[2].id]);
    expect(await ids(`?q=sb${code}`)).toEqual([cases[2].id]);
    expect(await ids(`?q=${encodeURIComponent('张')}`)).toEqual(idsOf((c) => c.name.startsWith('张')));
    expect(await ids(`?q=${encodeURIComponent('张建国')}`)).toEqual([cases[3].id]);
    // A surname or a whole name: the middle of a name is not searched (it would read every case in scope).
    expect(await ids(`?q=${encodeURIComponent('建国')}`)).toEqual([]);
    // LIKE's wildcards are letters to search for, not patterns.
    expect(await ids(`?q=${encodeURIComponent('李100%')}`)).toEqual([cases[1].id]);
    expect(await ids(`?q=${encodeURIComponent('李1000')}`)).toEqual([]);
    expect(await ids(`?q=${encodeURIComponent('%')}`)).toEqual([]);
    expect(await ids(`?q=${encodeURIComponent('王_')}`)).toEqual([cases[2].id]);
    expect(await ids(`?q=${encodeURIComponent('王_x')}`)).toEqual([]);
    expect(await ids(`?q=${encodeURIComponent('_')}`)).toEqual([]);
    expect(await ids(`?q=${encodeURIComponent('不存在的人')}`)).toEqual([]);
  });

  it('filters by channel and by how the case came in', async () => {
    expect(await ids('?channel=miniprogram')).toEqual([cases[5].id]);
    expect(await ids('?intake=cadre_screening')).toEqual([cases[6].id]);
    expect(await ids('?intake=self_declared&channel=api')).toEqual(idsOf((_, i) => i < 5));
    expect((await get('?channel=fax', 400)).body.error.message).toBe('来源渠道不正确');
  });

  it.each(['newest', 'oldest', 'due'] as const)('pages sorted %s by keyset, two at a time, without repeats or gaps', async (sort) => {
    const whole = await items(`?sort=${sort}&limit=100`);
    const seen: Item[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Item[]; nextCursor: string | null } = (await get(`?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body;
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((i) => i.id)).toEqual(whole.map((i) => i.id));
    const keys = whole.map((i) => (sort === 'due' ? i.dueAt! : i.createdAt));
    const ordered = [...keys].sort();
    expect(keys).toEqual(sort === 'newest' ? ordered.reverse() : ordered);
    // Sorting by due time lists the open cases only.
    expect(whole).toHaveLength(sort === 'due' ? cases.length - 1 : cases.length);
  });

  it('refuses a cursor from another order', async () => {
    const first = (await get('?sort=oldest&limit=2')).body.nextCursor as string;
    expect((await get(`?sort=newest&cursor=${first}`, 400)).body.error.message).toBe('翻页参数不正确，请从第一页重新开始');
  });
});
