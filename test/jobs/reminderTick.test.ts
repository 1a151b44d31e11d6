import { LISTED_PER_HEADING, REMINDER_KIND, type ReminderItem } from '../../src/domain/reminders';
import { OutboxDispatcher, type DeliveryResult } from '../../src/jobs/outboxDispatcher';
import { countyParts, planInParts, planReminders } from '../../src/jobs/reminders/plan';
import { runReminderTick } from '../../src/jobs/reminders/tick';
import { workCalendar } from '../../src/services/workCalendar';
import { startCampaignFromTemplate } from '../../src/services/campaigns';
import { Case, OutboxMessage, Reminder } from '../../src/store/entities';
import { caseSteps } from '../support/caseSteps';
import { createTestApp, DRIVERS, PLACES, type TestApp } from '../support/testApp';

/** China time, as the people reminded read it. */
const at = (local: string) => new Date(`${local}+08:00`);

describe.each(DRIVERS)('reminder tick on %s', (driver) => {
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
  const reminderMessages = () => t.app.db.getRepository(OutboxMessage).find({ where: { kind: REMINDER_KIND }, order: { id: 'ASC' } });
  const to = async (user: keyof TestApp['users']) => (await reminderMessages()).filter((m) => m.recipientType === 'staff' && m.recipientId === t.users[user]);
  const itemsOf = (m: OutboxMessage) => m.payload.items as unknown as ReminderItem[];
  const caseItems = (m: OutboxMessage) => itemsOf(m).flatMap((i) => (i.type === 'case' ? [`${i.rule}:${i.trackingCode}`] : []));

  // Declared Monday 2026-11-23 10:00: to be accepted by the end of Tuesday 11-24.
  async function declareThree() {
    const a = await steps.declare();
    const b = await steps.declare();
    const c = await steps.declare({}, { villageCode: PLACES.villageB1 });
    return { a, b, c };
  }

  it('walks the ladder: T−1 to the cadre, breach to the cadre and township, breach + 2 to the county — one digest each', async () => {
    const { a, b, c } = await declareThree();

    await tickAt('2026-11-23T10:00:00');
    const [cadreDigest, ...more] = await to('cadreA1');
    expect(more).toEqual([]);
    expect(caseItems(cadreDigest).sort()).toEqual([`due_soon:${a.trackingCode}`, `due_soon:${b.trackingCode}`].sort());
    expect(cadreDigest.payload.text).toMatch(/^【今日提醒】即将超期2户/);
    expect(caseItems((await to('cadreB1'))[0])).toEqual([`due_soon:${c.trackingCode}`]);
    // The township's morning summary of its area, by village; nothing per case yet.
    const [townMorning] = await to('townA');
    expect(itemsOf(townMorning)).toEqual([expect.objectContaining({ type: 'area', overdue: 0, dueSoon: 2, villages: [expect.objectContaining({ name: '兴科居委会', dueSoon: 2 })] })]);

    // The same morning again, and a minute later: nothing new.
    const before = (await reminderMessages()).length;
    await tickAt('2026-11-23T10:00:00');
    await tickAt('2026-11-23T10:01:00');
    expect(await reminderMessages()).toHaveLength(before);

    // Wednesday 09:00: due Tuesday, not accepted → overdue to the cadre and to the township.
    await tickAt('2026-11-25T09:00:30');
    const wednesday = (await to('cadreA1')).slice(1);
    expect(wednesday.map(caseItems)).toEqual([expect.arrayContaining([`overdue:${a.trackingCode}`, `overdue:${b.trackingCode}`])]);
    const townWednesday = (await to('townA')).slice(1);
    expect(townWednesday).toHaveLength(1);
    expect(caseItems(townWednesday[0]).sort()).toEqual([`overdue:${a.trackingCode}`, `overdue:${b.trackingCode}`].sort());
    expect(itemsOf(townWednesday[0]).find((i) => i.type === 'case')).toMatchObject({ mine: false });
    expect((await to('county')).flatMap(caseItems)).toEqual([]);

    // Friday 09:00, two working days after the breach: the county.
    await tickAt('2026-11-27T09:00:30');
    expect((await to('county')).flatMap(caseItems).sort()).toEqual([a, b, c].map((x) => `escalated:${x.trackingCode}`).sort());
    // Every reminder recorded once, under its own key.
    const keys = (await t.app.db.getRepository(Reminder).find()).map((r) => r.uniqueKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('reminds a case that reached its step after that step’s reminder morning, at once and not as late', async () => {
    // The scheduler has been running all morning; the case comes in at 10:00, due tomorrow.
    await tickAt('2026-11-23T09:00:30');
    t.clock.now = at('2026-11-23T10:00:00');
    const late = await steps.declare();
    await tickAt('2026-11-23T10:01:00');
    const [reminder] = await to('cadreA1');
    expect(caseItems(reminder)).toEqual([`due_soon:${late.trackingCode}`]);
    expect(reminder.payload.late).toBe(false);
    await tickAt('2026-11-23T10:02:00');
    expect(await to('cadreA1')).toHaveLength(1);
  });

  it('two ticks at the same moment write each reminder once', async () => {
    await declareThree();
    t.clock.now = at('2026-11-23T10:00:00');
    await Promise.all([runReminderTick(t.app), runReminderTick(t.app), runReminderTick(t.app)]);
    const messages = await reminderMessages();
    const recipients = messages.map((m) => `${m.recipientType}:${m.recipientId}`);
    expect(new Set(recipients).size).toBe(recipients.length);
    const reminders = await t.app.db.getRepository(Reminder).count();
    expect(reminders).toBe(messages.reduce((n, m) => n + itemsOf(m).length, 0));
  });

  it('drops a case from a waiting reminder once it moved on', async () => {
    const { a, b } = await declareThree();
    await tickAt('2026-11-23T10:00:00');
    const sent: OutboxMessage[] = [];
    const dispatcher = new OutboxDispatcher(t.app, { channel: 'chat', deliver: async (m): Promise<DeliveryResult> => (sent.push(m), { status: 'sent' }) }, { maxPerSecond: 0 });

    await steps.act('cadreA1', a.id, { action: 'accept' });
    await dispatcher.runOnce();
    const cadreSent = sent.find((m) => m.kind === REMINDER_KIND && m.recipientId === t.users.cadreA1)!;
    expect(caseItems(cadreSent)).toEqual([`due_soon:${b.trackingCode}`]);
    expect(cadreSent.payload.text).not.toContain(a.trackingCode);

  });

  it('does not send a reminder at all when every case in it moved on', async () => {
    const only = await steps.declare({}, { villageCode: PLACES.villageA2 });
    await tickAt('2026-11-23T10:00:00');
    await steps.act('cadreA2', only.id, { action: 'accept' });
    const dispatcher = new OutboxDispatcher(t.app, { channel: 'chat', deliver: async (): Promise<DeliveryResult> => ({ status: 'sent' }) }, { maxPerSecond: 0 });
    await dispatcher.runOnce();
    const [reminder] = await to('cadreA2');
    expect(reminder).toMatchObject({ state: 'skipped', sentAt: null });
    expect(reminder.lastError).toContain('提醒已过时');
    // Its new step (the visit, due Wednesday) is reminded afresh, under a new key.
    await tickAt('2026-11-24T09:00:30');
    expect((await to('cadreA2')).slice(1).map(caseItems)).toEqual([[`due_soon:${only.trackingCode}`]]);
  });

  it('catches up after every process was down, saying the late ones are late', async () => {
    const { a } = await declareThree();
    await tickAt('2026-11-23T10:00:00');
    // Nothing ran from Monday until Thursday afternoon.
    await tickAt('2026-11-26T15:00:00');
    const [late] = (await to('cadreA1')).slice(1);
    expect(caseItems(late)).toContain(`overdue:${a.trackingCode}`);
    expect(late.payload.text).toMatch(/^（系统恢复后补发）/);
    // Only today's area summary, not the missed ones.
    const areas = (await to('townA')).flatMap((m) => itemsOf(m)).filter((i) => i.type === 'area');
    expect(areas).toHaveLength(2);
  });

  it('tells each cadre and township their own count three working days before a milestone', async () => {
    await declareThree();
    await startCampaignFromTemplate(t.app, PLACES.county, 'autumn', 2026, '测试');
    // 信息采集 by Monday 11-30: three working days before is Wednesday 11-25.
    await tickAt('2026-11-24T09:30:00');
    expect((await to('cadreA1')).flatMap(itemsOf).filter((i) => i.type === 'milestone')).toEqual([]);
    await tickAt('2026-11-25T09:00:30');
    const milestones = (who: keyof TestApp['users']) => to(who).then((ms) => ms.flatMap(itemsOf).filter((i) => i.type === 'milestone'));
    expect(await milestones('cadreA1')).toEqual([expect.objectContaining({ name: '信息采集', count: 2, measureWords: '未核查', whose: '您' })]);
    expect(await milestones('cadreB1')).toEqual([expect.objectContaining({ count: 1 })]);
    expect(await milestones('townA')).toEqual([expect.objectContaining({ count: 2, whose: '本乡镇' })]);
    expect(await milestones('cadreA2')).toEqual([]);
  });

  it('stores a digest about many cases small: the first by name, the rest as a count that stands at delivery', async () => {
    const n = LISTED_PER_HEADING + 4;
    const declared = [];
    for (let i = 0; i < n; i++) declared.push(await steps.declare());
    await tickAt('2026-11-23T10:00:00');
    const [digest] = await to('cadreA1');
    expect(itemsOf(digest)).toHaveLength(LISTED_PER_HEADING);
    expect(digest.payload.unlisted).toEqual({ 即将超期: 4 });
    expect(digest.payload.text).toMatch(new RegExp(`^【今日提醒】即将超期${n}户`));
    // Every reminder is still recorded: a repeated tick adds nothing.
    expect(await t.app.db.getRepository(Reminder).count({ where: { recipientId: t.users.cadreA1 } })).toBe(n);

    // The first listed case moves on before delivery: it is dropped, the count falls by one.
    // (Which cases are listed follows the due-time index, not the order they were declared in.)
    const first = itemsOf(digest)[0];
    if (first.type !== 'case') throw new Error(`first item is ${first.type}`);
    expect(declared.map((d) => d.id)).toContain(first.caseId);
    await steps.act('cadreA1', first.caseId, { action: 'accept' });
    const sent: OutboxMessage[] = [];
    const dispatcher = new OutboxDispatcher(t.app, { channel: 'chat', deliver: async (m): Promise<DeliveryResult> => (sent.push(m), { status: 'sent' }) }, { maxPerSecond: 0 });
    // The new-case notices go first: deliver until the outbox is empty.
    while ((await dispatcher.runOnce()) > 0);
    const delivered = sent.find((m) => m.kind === REMINDER_KIND && m.recipientId === t.users.cadreA1)!;
    expect(delivered.payload.text).toMatch(new RegExp(`^【今日提醒】即将超期${n - 1}户`));
    expect(delivered.payload.text).not.toContain(first.trackingCode);
  });

  it('plans in parts of whole counties that add up to the whole tick', async () => {
    await declareThree();
    await steps.declare({}, { villageCode: PLACES.villageA2 });
    t.clock.now = at('2026-11-25T09:00:30');
    const from = at('2026-11-23T08:00:00');
    const calendar = await workCalendar(t.app.db.manager);
    const whole = await planReminders(t.app.db.manager, from, t.clock.now, calendar);
    const parts = [];
    for await (const part of planInParts(t.app.db.manager, from, t.clock.now, calendar, 1)) parts.push(part);
    const keys = (list: { key: string }[]) => list.map((p) => p.key).sort();
    expect(whole.length).toBeGreaterThan(0);
    expect(keys(parts.flat())).toEqual(keys(whole));
    // One county here: one part, however small the parts are asked to be.
    expect(parts).toHaveLength(1);
  });
});

describe('cutting a tick into parts', () => {
  it('keeps each county whole, in code order, and a big county on its own', () => {
    const loads = new Map([['152222', 300], ['152221', 4000], ['152223', 7000], ['152224', 12_000], ['152201', 1]]);
    expect(countyParts(loads, 10_000)).toEqual([['152201', '152221', '152222'], ['152223'], ['152224']]);
    expect(countyParts(new Map(), 10_000)).toEqual([]);
    expect(countyParts(loads, Number.POSITIVE_INFINITY)).toEqual([['152201', '152221', '152222', '152223', '152224']]);
  });
});
