import { REMINDER_KIND, type ReminderItem } from '../../src/domain/reminders';
import { OutboxDispatcher, type DeliveryResult } from '../../src/jobs/outboxDispatcher';
import { runReminderTick } from '../../src/jobs/reminders/tick';
import { enterHolidayNotice } from '../../src/services/workCalendar';
import { Case, OutboxMessage, Reminder } from '../../src/store/entities';
import { caseSteps, reviewForm, visitForm } from '../support/caseSteps';
import { createTestApp, DRIVERS, type TestApp } from '../support/testApp';

/** China time, as the people reminded read it. */
const at = (local: string) => new Date(`${local}+08:00`);

const NOTICE_2027 = {
  year: 2027,
  holidays: [
    { name: '元旦', off: ['2027-01-01', '2027-01-03'] },
    { name: '春节', off: ['2027-02-06', '2027-02-13'], workdays: ['2027-02-14'] },
  ],
};

/**
 * A reminder planned from a provisional due time in 2027 (no holiday table yet: weekends only)
 * must not go out once the table is entered and the due time moves: "公示期已满" would be false.
 * The new due time is reminded afresh, under its own key.
 */
describe.each(DRIVERS)('reminders when the holiday table moves a due time, on %s', (driver) => {
  let t: TestApp;
  let steps: ReturnType<typeof caseSteps>;
  beforeEach(async () => {
    t = await createTestApp(driver);
    steps = caseSteps(t);
  });
  afterEach(() => t.close());

  const tickAt = async (local: string) => {
    t.clock.now = at(local);
    return runReminderTick(t.app);
  };
  const cadreReminders = () => t.app.db.getRepository(OutboxMessage).find({ where: { kind: REMINDER_KIND, recipientType: 'staff', recipientId: t.users.cadreA1 }, order: { id: 'ASC' } });
  const caseItemsOf = (m: OutboxMessage) => (m.payload.items as unknown as ReminderItem[]).filter((i) => i.type === 'case');

  /** Publicity from Monday 2026-12-28: five working days run into 2027. */
  async function inPublicityFrom(startsOn: string) {
    t.clock.now = at(`${startsOn}T09:00:00`);
    const c = await steps.declare();
    await steps.act('cadreA1', c.id, { action: 'accept' });
    await steps.act('cadreA1', c.id, visitForm({ visitedOn: startsOn }));
    await steps.act('cadreA1', c.id, { action: 'record_signature', signedOn: startsOn });
    await steps.act('cadreA1', c.id, reviewForm({ meetingOn: startsOn }));
    await steps.act('cadreA1', c.id, { action: 'start_publicity', startsOn });
    return c;
  }

  it('drops the reminder planned from the provisional due time and plans the new one under a new key', async () => {
    const c = await inPublicityFrom('2026-12-28');
    await tickAt('2026-12-28T09:30:00');
    // Weekdays only: Mon 28 … Fri 2027-01-01, then due the next working day, Monday 01-04 — provisionally.
    const before = await t.app.db.getRepository(Case).findOneByOrFail({ id: c.id });
    expect(before).toMatchObject({ state: 'publicity', stepDueAt: at('2027-01-04T23:59:59.999'), stepDueProvisional: true });

    // Monday 01-04 09:00: the cadre is told the window has passed.
    await tickAt('2027-01-04T09:00:30');
    const [planned, ...others] = await cadreReminders();
    expect(others).toEqual([]);
    expect(caseItemsOf(planned)).toEqual([expect.objectContaining({ rule: 'publicity_passed', caseId: c.id, dueAt: '2027-01-04T15:59:59.999Z' })]);
    expect(planned.payload.text).toBe(`【可以结束公示】${c.trackingCode} 兴科居委会 公示期已满。没有异议的，回复“公示结束 ${c.trackingCode}”`);
    const [oldKey] = (await t.app.db.getRepository(Reminder).find({ where: { caseId: c.id } })).map((r) => r.uniqueKey);

    // Before the bot gets to it, the county enters 2027: 元旦 01-01 to 01-03 is off, so the
    // window ends Monday 01-04 and the case is due Tuesday 01-05.
    t.clock.now = at('2027-01-04T09:02:00');
    const entered = await enterHolidayNotice(t.app, { type: 'staff', id: t.users.county, name: 'county', role: 'county' }, NOTICE_2027);
    expect(entered.recomputed).toBe(1);
    expect(await t.app.db.getRepository(Case).findOneByOrFail({ id: c.id })).toMatchObject({ stepDueAt: at('2027-01-05T23:59:59.999'), stepDueProvisional: false });

    const delivered: OutboxMessage[] = [];
    const dispatcher = new OutboxDispatcher(t.app, { channel: 'chat', deliver: async (m): Promise<DeliveryResult> => (delivered.push(m), { status: 'sent' }) }, { maxPerSecond: 0 });
    while ((await dispatcher.runOnce()) > 0);
    const dropped = await t.app.db.getRepository(OutboxMessage).findOneByOrFail({ id: planned.id });
    expect(dropped).toMatchObject({ state: 'skipped', sentAt: null });
    expect(dropped.lastError).toContain('提醒已过时');
    expect(delivered.map((m) => m.id)).not.toContain(planned.id);
    // Everything else of that morning went out (the area summaries).
    expect(delivered.filter((m) => m.kind === REMINDER_KIND).length).toBeGreaterThan(0);

    // Later on Monday: nothing new (the new due time's reminder is for Tuesday 09:00).
    await tickAt('2027-01-04T15:00:00');
    expect(await cadreReminders()).toHaveLength(1);

    await tickAt('2027-01-05T09:00:30');
    const [, fresh, ...more] = await cadreReminders();
    expect(more).toEqual([]);
    expect(caseItemsOf(fresh)).toEqual([expect.objectContaining({ rule: 'publicity_passed', caseId: c.id, dueAt: '2027-01-05T15:59:59.999Z', dueDate: '2027-01-05' })]);
    const keys = (await t.app.db.getRepository(Reminder).find({ where: { caseId: c.id }, order: { id: 'ASC' } })).map((r) => r.uniqueKey);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(oldKey);
    expect(keys[1]).not.toBe(oldKey);

    await dispatcher.runOnce();
    expect(await t.app.db.getRepository(OutboxMessage).findOneByOrFail({ id: fresh.id })).toMatchObject({ state: 'sent', lastError: null });
    expect(delivered.find((m) => m.id === fresh.id)?.payload.text).toBe(planned.payload.text);
  });
});
