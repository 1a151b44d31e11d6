import { startCampaignFromTemplate } from '../../src/services/campaigns';
import { Case, StaffUser } from '../../src/store/entities';
import { caseSteps } from '../support/caseSteps';
import { createTestApp, DRIVERS, PLACES, type TestApp } from '../support/testApp';

const at = (iso: string) => new Date(`${iso}+08:00`);

interface Overview {
  open: { total: number; overdue: number; dueSoon: number; urgent: number };
  byState: { state: string; count: number; open: boolean }[];
  byArea: { level: string; rows: { code: string; name: string; open: number; overdue: number; dueSoon: number }[] };
  byRiskType: { code: string; count: number }[];
  registered: { days: { date: string; count: number }[]; thisWeek: number; lastWeek: number };
  milestones: { name: string; date: string; daysLeft: number; measureWords: string | null; remaining: number | null }[];
  attention: { overdue: { id: number; dueAt: string }[]; dueSoon: { id: number }[] };
}

/** The console's 首页: every number agrees with the list it stands for. */
describe.each(DRIVERS)('the overview on %s', (driver) => {
  let t: TestApp;
  let steps: ReturnType<typeof caseSteps>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(driver);
    steps = caseSteps(t);
    // Last week two in 兴科; this week three more in town A, one in town B, one urgent; one closed.
    const plan: [string, string, Record<string, unknown>][] = [
      ['2026-11-19T10:00:00', PLACES.villageA1, {}],
      ['2026-11-20T10:00:00', PLACES.villageA1, {}],
      ['2026-11-23T10:00:00', PLACES.villageA2, {}],
      ['2026-11-24T10:00:00', PLACES.villageA1, { hardships: ['water'], details: { waterProblem: 1 } }],
      ['2026-11-25T10:00:00', PLACES.villageA2, {}],
      ['2026-11-26T08:00:00', PLACES.villageB1, {}],
    ];
    const ids: number[] = [];
    for (const [day, villageCode, answers] of plan) {
      t.clock.now = at(day);
      ids.push((await steps.declare(answers, { villageCode })).id);
    }
    await steps.act('cadreA1', ids[0], { action: 'close', reason: 'withdrawn', note: '群众撤回申请' });
    await steps.act('cadreA1', ids[1], { action: 'accept' });
    await startCampaignFromTemplate(t.app, PLACES.county, 'autumn', 2026, '测试');
    t.clock.now = at('2026-11-26T09:00:00');
    for (const user of ['county', 'townA', 'cadreA2'] as const) tokens[user] = await t.login(user);
  });
  afterAll(() => t.close());

  const get = async (user: string, query = '') => (await t.http.get(`/api/overview${query}`).set('authorization', `Bearer ${tokens[user]}`).expect(200)).body as Overview;
  const listCount = async (user: string, query: string) => (await t.http.get(`/api/cases?limit=100&${query}`).set('authorization', `Bearer ${tokens[user]}`).expect(200)).body.items.length as number;

  it('counts what the list shows, for the county by town', async () => {
    const o = await get('county');
    expect(o.open.total).toBe(5);
    expect(o.open.overdue).toBe(await listCount('county', 'due=overdue'));
    expect(o.open.dueSoon).toBe(await listCount('county', 'due=soon'));
    expect(o.open.overdue).toBeGreaterThan(0);
    expect(o.open.dueSoon).toBeGreaterThan(0);
    expect(o.open.urgent).toBe(1);
    expect(o.byArea.level).toBe('town');
    expect(o.byArea.rows.map((r) => [r.code, r.open])).toEqual([
      [PLACES.townA, 4],
      [PLACES.townB, 1],
    ]);
    expect(o.byArea.rows[0].name).toBe('科尔沁镇');
    const states = Object.fromEntries(o.byState.filter((s) => s.count).map((s) => [s.state, s.count]));
    expect(states).toEqual({ assigned: 4, investigating: 1, closed: 1 });
    expect(o.byRiskType.find((r) => r.code === 'water')?.count).toBe(1);
    expect(o.byRiskType.find((r) => r.code === 'illness')?.count).toBe(4);
  });

  it('sets this week’s declarations against last week’s, day by day from Monday', async () => {
    const { registered } = await get('county');
    expect(registered.days).toHaveLength(14);
    expect(registered.days[0].date).toBe('2026-11-16');
    expect(registered.days[7]).toEqual({ date: '2026-11-23', count: 1 });
    expect(registered).toMatchObject({ lastWeek: 2, thisWeek: 4 });
  });

  it('lists the campaign’s milestones ahead with days left and what is left to do', async () => {
    const { milestones } = await get('county');
    const collection = milestones.find((m) => m.measureWords === '未核查')!;
    expect(collection).toMatchObject({ date: '2026-11-30', daysLeft: 4 });
    // 未核查 counts the four waiting to be accepted and the one being visited.
    expect(collection.remaining).toBe(5);
    expect(milestones.every((m) => m.date >= '2026-11-26')).toBe(true);
  });

  it('puts the most overdue first, and what is due within a working day', async () => {
    const { attention } = await get('county');
    const dues = attention.overdue.map((c) => c.dueAt);
    expect(dues).toEqual([...dues].sort());
    expect(attention.overdue.length).toBe((await get('county')).open.overdue);
    expect(attention.dueSoon.length).toBeGreaterThan(0);
  });

  it('keeps a township and a cadre to their own area, by village', async () => {
    const town = await get('townA');
    expect(town.open.total).toBe(4);
    expect(town.byArea.level).toBe('village');
    expect(town.byArea.rows.map((r) => r.code).sort()).toEqual([PLACES.villageA1, PLACES.villageA2].sort());
    // Naming another town narrows, never widens.
    expect((await get('townA', `?town=${PLACES.townB}`)).open.total).toBe(0);
    const cadre = await get('cadreA2');
    expect(cadre.open.total).toBe(2);
    expect(cadre.byArea.rows.map((r) => r.code)).toEqual([PLACES.villageA2]);
    expect(cadre.attention.overdue.every((c) => c.id)).toBe(true);
  });

  it('counts a cadre’s villages from the tallies and what is given to them elsewhere from the cases', async () => {
    const before = await get('cadreA2');
    // A case of town B given to cadreA2 (as a transfer would): their scope's second part.
    const elsewhere = await t.app.db.getRepository(Case).findOneByOrFail({ villageCode: PLACES.villageB1 });
    const cadre = await t.app.db.getRepository(StaffUser).findOneByOrFail({ username: 'cadreA2' });
    await t.app.db.getRepository(Case).update(elsewhere.id, { assigneeId: cadre.id });
    try {
      const o = await get('cadreA2');
      expect(o.open.total).toBe(before.open.total + 1);
      expect(o.byArea.rows.map((r) => [r.code, r.open]).sort()).toEqual([
        [PLACES.villageA2, 2],
        [PLACES.villageB1, 1],
      ]);
      expect(o.open.overdue).toBe(await listCount('cadreA2', 'due=overdue'));
      expect(o.open.dueSoon).toBe(await listCount('cadreA2', 'due=soon'));
      expect(o.byState.reduce((sum, s) => sum + s.count, 0)).toBe(await listCount('cadreA2', ''));
      expect(o.registered.thisWeek).toBe(before.registered.thisWeek + 1);
      expect([...o.attention.overdue, ...o.attention.dueSoon].map((c) => c.id)).toContain(elsewhere.id);
    } finally {
      await t.app.db.getRepository(Case).update(elsewhere.id, { assigneeId: elsewhere.assigneeId });
    }
  });

  it('refuses a malformed town code', async () => {
    const bad = await t.http.get('/api/overview?town=12').set('authorization', `Bearer ${tokens.county}`).expect(400);
    expect(bad.body.error.message).toBe('乡镇代码应为9位');
  });
});
