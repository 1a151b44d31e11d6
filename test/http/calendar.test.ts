import { CaseEvent } from '../../src/store/entities';
import { caseSteps, reviewForm, visitForm } from '../support/caseSteps';
import { createTestApp, DRIVERS, type TestApp } from '../support/testApp';

const at = (iso: string) => new Date(`${iso}+08:00`);

const NOTICE_2027 = {
  year: 2027,
  holidays: [
    { name: '元旦', off: ['2027-01-01', '2027-01-03'] },
    { name: '春节', off: ['2027-02-06', '2027-02-13'], workdays: ['2027-02-14'] },
  ],
};

/**
 * The clock across 2026-12-31: chinese-days knows nothing of 2027, so a publicity window that
 * runs into it is provisional until the year's notice is entered — then every open case is
 * counted again, with an audit row, and the API explains the new deadline day by day.
 */
describe.each(DRIVERS)('the holiday table and the clock on %s', (driver) => {
  let t: TestApp;
  let steps: ReturnType<typeof caseSteps>;
  beforeAll(async () => {
    t = await createTestApp(driver);
    steps = caseSteps(t);
  });
  afterAll(() => t.close());

  async function inPublicityFrom(startsOn: string): Promise<number> {
    t.clock.now = at(`${startsOn}T09:00:00`);
    const c = await steps.declare();
    await steps.act('cadreA1', c.id, { action: 'accept' });
    await steps.act('cadreA1', c.id, visitForm({ visitedOn: startsOn }));
    await steps.act('cadreA1', c.id, { action: 'record_signature', signedOn: startsOn });
    await steps.act('cadreA1', c.id, reviewForm({ meetingOn: startsOn }));
    await steps.act('cadreA1', c.id, { action: 'start_publicity', startsOn });
    return c.id;
  }

  it('marks a window into a year without a notice provisional, and recomputes it once the notice is entered', async () => {
    const id = await inPublicityFrom('2026-12-28'); // Monday
    let d = await steps.detail('cadreA1', id);
    // Weekdays only in 2027: Mon 28, Tue 29, Wed 30, Thu 31, Fri 01-01.
    expect(d.publicity).toMatchObject({ endsAt: '2027-01-01T15:59:59.999Z', provisional: true });
    expect(d).toMatchObject({ provisional: true, provisionalNote: '2027年放假安排未录入，按周末推算' });
    expect(d.procedureDue.provisional).toBe(true);

    const status = await t.http.get('/api/calendar/2027').set('authorization', `Bearer ${await steps.token('county')}`).expect(200);
    expect(status.body).toMatchObject({ year: 2027, source: 'missing' });
    await t.http.put('/api/calendar/2027').set('authorization', `Bearer ${await steps.token('townA')}`).send(NOTICE_2027).expect(403);
    const bad = await t.http.put('/api/calendar/2028').set('authorization', `Bearer ${await steps.token('county')}`).send(NOTICE_2027).expect(400);
    expect(bad.body.error.message).toBe('内容里的年份（2027）和地址里的（2028）不一致');

    const entered = await t.http.put('/api/calendar/2027').set('authorization', `Bearer ${await steps.token('county')}`).send(NOTICE_2027).expect(200);
    expect(entered.body).toMatchObject({ year: 2027, holidays: 11, workdays: 1, recomputed: 1 });

    d = await steps.detail('cadreA1', id);
    // 元旦 is off: the fifth working day is Monday 2027-01-04; the cadre ends it the day after.
    expect(d.publicity).toMatchObject({ endsAt: '2027-01-04T15:59:59.999Z', provisional: false });
    expect(d).toMatchObject({ dueAt: '2027-01-05T15:59:59.999Z', provisional: false, provisionalNote: null });
    const recompute = await t.app.db.getRepository(CaseEvent).findOneByOrFail({ caseId: id, action: 'recompute_due' });
    expect(recompute).toMatchObject({ actorRole: 'county', note: '2027年放假安排已录入，期限重新计算', toState: 'publicity' });
    expect(recompute.data).toMatchObject({ publicityEndsAt: { before: '2027-01-01T15:59:59.999Z', after: '2027-01-04T15:59:59.999Z' } });

    const explained = await t.http.get(`/api/cases/${id}/deadline`).set('authorization', `Bearer ${await steps.token('cadreA1')}`).expect(200);
    const [window, finish] = explained.body.step;
    expect(window.limit).toBe('公示5个工作日');
    expect(window.explanation.steps.filter((s: { counted: boolean }) => !s.counted).map((s: { date: string; kind: string; name: string | null }) => [s.date, s.kind, s.name])).toEqual([
      ['2027-01-01', 'holiday', '元旦'],
      ['2027-01-02', 'holiday', '元旦'],
      ['2027-01-03', 'holiday', '元旦'],
    ]);
    expect(finish.explanation.dueAt).toBe('2027-01-05T15:59:59.999Z');

    // Entering the same notice again changes nothing and writes no second audit row.
    const again = await t.http.put('/api/calendar/2027').set('authorization', `Bearer ${await steps.token('county')}`).send(NOTICE_2027).expect(200);
    expect(again.body.recomputed).toBe(0);
  });

  it('explains a deadline across the 2026 Spring Festival, make-up Saturday counted', async () => {
    t.clock.now = at('2026-02-13T10:00:00'); // Friday before the holiday
    const c = await steps.declare();
    await steps.act('cadreA1', c.id, { action: 'accept' });
    const explained = await t.http.get(`/api/cases/${c.id}/deadline`).set('authorization', `Bearer ${await steps.token('cadreA1')}`).expect(200);
    const [visit] = explained.body.step;
    expect(visit.limit).toBe('受理后入户核查时限（工作日）：2');
    // Sat 02-14 is a make-up working day (1); 02-15..23 are 春节; Tue 02-24 is the second.
    expect(visit.explanation.steps.map((s: { date: string; kind: string; counted: boolean }) => [s.date.slice(5), s.kind, s.counted])).toEqual([
      ['02-14', 'makeup', true],
      ...['15', '16', '17', '18', '19', '20', '21', '22', '23'].map((d) => [`02-${d}`, 'holiday', false]),
      ['02-24', 'workday', true],
    ]);
    expect(visit.explanation.dueAt).toBe('2026-02-24T15:59:59.999Z');
  });

  it('lets the county change its clock: publicity counted in calendar days', async () => {
    const county = await steps.token('county');
    await t.http.put('/api/counties/152221/settings/2026').set('authorization', `Bearer ${await steps.token('townA')}`).send({ clock: { publicityUnit: 'calendar' } }).expect(403);
    const bad = await t.http.put('/api/counties/152221/settings/2026').set('authorization', `Bearer ${county}`).send({ clock: { publicityDays: 3 } }).expect(400);
    expect(bad.body.error.message).toBe('公示不少于5天');
    const saved = await t.http.put('/api/counties/152221/settings/2026').set('authorization', `Bearer ${county}`).send({ clock: { publicityUnit: 'calendar', publicityDays: 7 } }).expect(200);
    expect(saved.body.clock).toMatchObject({ publicityUnit: 'calendar', publicityDays: 7, acceptDays: 1, procedureDays: 15 });
    const id = await inPublicityFrom('2026-11-27'); // Friday: seven days to Thursday 12-03
    expect((await steps.detail('cadreA1', id)).publicity).toMatchObject({ days: 7, unit: 'calendar', endsAt: '2026-12-03T15:59:59.999Z' });
    await t.http.put('/api/counties/152221/settings/2026').set('authorization', `Bearer ${await steps.token('county')}`).send({ clock: { publicityUnit: 'working', publicityDays: 5 } }).expect(200);
  });
});
