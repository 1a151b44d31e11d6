import { ChatDeliverer } from '../../bot/chatDeliverer';
import type { ChatSender } from '../../bot/chatSender';
import { REMINDER_KIND, type ReminderItem } from '../../src/domain/reminders';
import { DbRunCoordinator } from '../../src/jobs/jobLease';
import { OutboxDispatcher, type DeliveryResult } from '../../src/jobs/outboxDispatcher';
import { runReminderTick } from '../../src/jobs/reminders/tick';
import { Campaign, OutboxMessage, StaffUser } from '../../src/store/entities';
import { caseSteps } from '../support/caseSteps';
import { createTestApp, DRIVERS, PLACES, type TestApp } from '../support/testApp';

/** China time, as the people reminded read it. */
const at = (local: string) => new Date(`${local}+08:00`);
const COUNTY = PLACES.county;
type User = keyof TestApp['users'];

/**
 * The reminder API: the county's year of work (campaigns), its reminder rules (and that a tick
 * obeys them), a staff member's inbox (the same words the bot sends) and the scheduler's health.
 */
describe.each(DRIVERS)('reminders over the API on %s', (driver) => {
  let t: TestApp;
  let steps: ReturnType<typeof caseSteps>;
  beforeEach(async () => {
    t = await createTestApp(driver);
    steps = caseSteps(t);
  });
  afterEach(() => t.close());

  const auth = async (user: User) => `Bearer ${await steps.token(user)}`;
  const get = async (user: User, path: string) => t.http.get(path).set('authorization', await auth(user));
  const put = async (user: User, path: string, body: unknown) => t.http.put(path).set('authorization', await auth(user)).send(body as object);
  const post = async (user: User, path: string, body: unknown) => t.http.post(path).set('authorization', await auth(user)).send(body as object);
  const campaignsPath = `/api/counties/${COUNTY}/campaigns`;
  const rulesPath = `/api/counties/${COUNTY}/reminder-rules`;
  const reminderRows = () => t.app.db.getRepository(OutboxMessage).find({ where: { kind: REMINDER_KIND }, order: { id: 'ASC' } });
  const remindersTo = async (user: User) => (await reminderRows()).filter((m) => m.recipientType === 'staff' && m.recipientId === t.users[user]);
  const itemsOf = (m: OutboxMessage) => m.payload.items as unknown as ReminderItem[];
  const caseItems = (m: OutboxMessage) => itemsOf(m).flatMap((i) => (i.type === 'case' ? [`${i.rule}:${i.trackingCode}`] : []));
  const tickAt = (local: string) => {
    t.clock.now = at(local);
    return runReminderTick(t.app);
  };

  describe('campaigns', () => {
    it('county staff start one from a template and save an edited copy; the tick follows the edit', async () => {
      expect((await get('county', campaignsPath)).body).toEqual([]);
      const started = await post('county', `${campaignsPath}/from-template`, { kind: 'autumn', year: 2026 });
      expect(started.status).toBe(200);
      expect(started.body).toMatchObject({ countyCode: COUNTY, year: 2026, kind: 'autumn', name: '2026年度动态管理信息采集', updatedBy: 'county' });
      expect(started.body.milestones.map((m: { key: string; date: string }) => [m.key, m.date])).toEqual([
        ['plan', '2026-10-21'],
        ['training', '2026-10-31'],
        ['collection', '2026-11-30'],
        ['entry', '2026-12-21'],
        ['cleansing', '2026-12-31'],
        ['summary', '2026-12-31'],
        ['analysis', '2027-01-05'],
      ]);

      // The county moves 信息采集 forward to Friday 11-27 and limits it to 索伦镇.
      const edited = {
        year: 2026,
        kind: 'autumn',
        name: '2026年度信息采集（调整）',
        milestones: [
          { key: 'collection', name: '信息采集', date: '2026-11-27', measure: 'not_visited', towns: [PLACES.townB] },
          { key: 'summary', name: '报送工作总结', date: '2026-12-31' },
        ],
      };
      t.clock.now = at('2026-11-23T11:00:00');
      const saved = await put('county', campaignsPath, edited);
      expect(saved.status).toBe(200);
      expect(saved.body).toEqual({ countyCode: COUNTY, ...edited, updatedBy: 'county', updatedAt: at('2026-11-23T11:00:00').toISOString() });
      // Same year and kind: replaced, not added.
      const listed = (await get('townA', `${campaignsPath}?year=2026`)).body;
      expect(listed).toEqual([saved.body]);
      expect(await t.app.db.getRepository(Campaign).count()).toBe(1);
      expect((await get('cadreA1', `${campaignsPath}?year=2025`)).body).toEqual([]);

      // Three working days before Friday 11-27 is Tuesday 11-24: only 索伦镇 is told, with its own count.
      await steps.declare({}, { villageCode: PLACES.villageA1 });
      await steps.declare({}, { villageCode: PLACES.villageB1 });
      await tickAt('2026-11-24T09:00:30');
      const milestones = async (user: User) => (await remindersTo(user)).flatMap(itemsOf).filter((i) => i.type === 'milestone');
      expect(await milestones('cadreB1')).toEqual([expect.objectContaining({ name: '信息采集', date: '2026-11-27', count: 1, whose: '您' })]);
      expect(await milestones('townB')).toEqual([expect.objectContaining({ name: '信息采集', count: 1, whose: '本乡镇' })]);
      expect(await milestones('cadreA1')).toEqual([]);
      expect(await milestones('townA')).toEqual([]);
    });

    it('lets townships and cadres read the campaigns but not change them', async () => {
      await post('county', `${campaignsPath}/from-template`, { kind: 'spring', year: 2027 });
      for (const user of ['townA', 'cadreA1'] as const) {
        const read = await get(user, campaignsPath);
        expect(read.status).toBe(200);
        expect(read.body.map((c: { kind: string; year: number }) => [c.kind, c.year])).toEqual([['spring', 2027]]);
      }
      const before = await get('county', campaignsPath);
      for (const user of ['townA', 'cadreA1'] as const) {
        const created = await post(user, `${campaignsPath}/from-template`, { kind: 'autumn', year: 2026 });
        expect(created.status).toBe(403);
        expect(created.body).toEqual({ error: { code: 'forbidden', message: '只有县级工作人员或管理员可以修改' } });
        const edited = await put(user, campaignsPath, { year: 2027, kind: 'spring', name: '乡镇自己改的', milestones: [{ key: 'plan', name: '制定排查方案', date: '2027-05-01' }] });
        expect(edited.status).toBe(403);
        expect(edited.body).toEqual({ error: { code: 'forbidden', message: '只有县级工作人员或管理员可以修改' } });
      }
      expect((await get('county', campaignsPath)).body).toEqual(before.body);
    });

    it('refuses a bad campaign with one Chinese error and saves nothing', async () => {
      const good = { year: 2026, kind: 'autumn', name: '2026年度动态管理', milestones: [{ key: 'collection', name: '信息采集', date: '2026-11-30', measure: 'not_visited' }] };
      const milestone = (m: Record<string, unknown>) => ({ ...good, milestones: [{ ...good.milestones[0], ...m }] });
      const cases: [string, unknown, { message: string; field: string }][] = [
        ['a date that does not exist', milestone({ date: '2026-11-31' }), { message: '完成日期要写成 2026-11-30 这样的日期', field: 'milestones.0.date' }],
        ['a date written another way', milestone({ date: '2026/11/30' }), { message: '完成日期要写成 2026-11-30 这样的日期', field: 'milestones.0.date' }],
        [
          'the same milestone key twice',
          { ...good, milestones: [good.milestones[0], { key: 'collection', name: '信息采集二', date: '2026-12-10' }] },
          { message: '节点编号“collection”重复了', field: 'milestones.1.key' },
        ],
        ['a town of another county', milestone({ towns: ['152222100'] }), { message: '“信息采集”里的乡镇不在本县：152222100', field: 'milestones' }],
        ['a village code given as a town', milestone({ towns: [PLACES.townA, '152221100001'] }), { message: '乡镇代码是9位数字', field: 'milestones.0.towns.1' }],
        ['a milestone two years on', milestone({ date: '2028-01-05' }), { message: '“信息采集”的日期不在2026年度内', field: 'milestones.0.date' }],
        ['a milestone the year before', milestone({ date: '2025-11-30' }), { message: '“信息采集”的日期不在2026年度内', field: 'milestones.0.date' }],
        ['a window that ends before it starts', milestone({ from: '2026-12-01' }), { message: '开始日期不能晚于完成日期', field: 'milestones.0.from' }],
      ];
      for (const [what, body, error] of cases) {
        const response = await put('county', campaignsPath, body);
        expect([what, response.status, response.body]).toEqual([what, 400, { error: { code: 'validation_failed', message: error.message, details: { field: error.field } } }]);
      }
      const badTemplate = await post('county', `${campaignsPath}/from-template`, { kind: 'winter', year: 2026 });
      expect(badTemplate.status).toBe(400);
      expect(badTemplate.body.error).toMatchObject({ code: 'validation_failed', message: '工作类型只能是 autumn 或 spring' });
      expect(await t.app.db.getRepository(Campaign).count()).toBe(0);
      // A milestone into the next January is the autumn round's own (analysis by 01-05): accepted.
      expect((await put('county', campaignsPath, milestone({ date: '2027-01-05' }))).status).toBe(200);
    });

    it('keeps a county’s staff to their own county', async () => {
      const other = '/api/counties/152222/campaigns';
      const read = await get('county', other);
      expect(read.status).toBe(403);
      expect(read.body).toEqual({ error: { code: 'forbidden', message: '这个县不在您的管辖范围内' } });
      expect((await get('cadreA1', `/api/counties/152222/reminder-rules`)).status).toBe(403);
      expect((await post('county', `${other}/from-template`, { kind: 'autumn', year: 2026 })).status).toBe(403);
      expect((await put('county', `/api/counties/152222/reminder-rules`, { rules: null })).status).toBe(403);
      expect(await t.app.db.getRepository(Campaign).count()).toBe(0);
    });
  });

  describe('reminder rules', () => {
    const DEFAULT_IDS = ['due_soon', 'publicity_passed', 'resident_confirm', 'overdue', 'escalated', 'milestone_soon', 'area_daily'];

    it('shows the default ladder until the county sets its own', async () => {
      for (const user of ['county', 'townA', 'cadreA1'] as const) {
        const response = await get(user, rulesPath);
        expect(response.status).toBe(200);
        expect(response.body.isDefault).toBe(true);
        expect(response.body.countyCode).toBe(COUNTY);
        expect(response.body.rules.map((r: { id: string }) => r.id)).toEqual(DEFAULT_IDS);
      }
      const dueSoon = (await get('county', rulesPath)).body.rules[0];
      expect(dueSoon).toMatchObject({ id: 'due_soon', on: 'before_due', days: 1, to: ['owner'], enabled: true });
      expect(dueSoon.states).not.toContain('publicity');
    });

    it('a county switches T−1 off: the tick sends no 即将超期; back to the default, it does again', async () => {
      const defaults = (await get('county', rulesPath)).body.rules as { id: string; enabled: boolean }[];
      const custom = defaults.map((r) => (r.id === 'due_soon' ? { ...r, enabled: false } : r));
      t.clock.now = at('2026-11-23T09:30:00');
      const saved = await put('county', rulesPath, { rules: custom });
      expect(saved.status).toBe(200);
      expect(saved.body.isDefault).toBe(false);
      expect(saved.body.rules.find((r: { id: string }) => r.id === 'due_soon')).toMatchObject({ enabled: false });
      expect((await get('cadreA1', rulesPath)).body).toEqual(saved.body);

      // Declared Monday 10:00, to be accepted by the end of Tuesday: T−1 is Monday 09:00.
      const first = await steps.declare();
      await tickAt('2026-11-23T10:00:00');
      expect((await remindersTo('cadreA1')).flatMap(caseItems)).toEqual([]);
      // The rest of the ladder still runs: the township's morning summary counts the case.
      expect((await remindersTo('townA')).flatMap(itemsOf)).toEqual([expect.objectContaining({ type: 'area', dueSoon: 1 })]);

      const restored = await put('county', rulesPath, { rules: null });
      expect(restored.status).toBe(200);
      expect(restored.body.isDefault).toBe(true);
      expect(restored.body.rules.map((r: { id: string }) => r.id)).toEqual(DEFAULT_IDS);
      expect((await get('county', rulesPath)).body).toEqual(restored.body);

      // Declared Tuesday 10:00 (due Wednesday): its T−1 is Tuesday 09:00, and it is sent.
      t.clock.now = at('2026-11-24T10:00:00');
      const second = await steps.declare();
      await tickAt('2026-11-24T10:00:00');
      expect((await remindersTo('cadreA1')).map(caseItems)).toEqual([[`due_soon:${second.trackingCode}`]]);
      expect(JSON.stringify(await remindersTo('cadreA1'))).not.toContain(first.trackingCode);
    });

    it('a custom ladder escalates sooner and has no morning summary', async () => {
      const rules = [
        { id: 'overdue', on: 'after_due', days: 0, to: ['owner', 'township'] },
        { id: 'escalated', on: 'after_due', days: 1, to: ['county'] },
      ];
      const saved = await put('county', rulesPath, { rules });
      expect(saved.status).toBe(200);
      expect(saved.body).toEqual({ countyCode: COUNTY, isDefault: false, rules: rules.map((r) => ({ ...r, enabled: true })) });

      // Declared Monday 10:00, to be accepted by the end of Tuesday, and never accepted.
      const c = await steps.declare();
      await tickAt('2026-11-23T10:00:00');
      // No T−1 rule and no daily summary in this county's ladder: nothing at all.
      expect(await reminderRows()).toEqual([]);
      await tickAt('2026-11-25T09:00:30');
      expect((await remindersTo('cadreA1')).map(caseItems)).toEqual([[`overdue:${c.trackingCode}`]]);
      expect((await remindersTo('townA')).map(caseItems)).toEqual([[`overdue:${c.trackingCode}`]]);
      expect(await remindersTo('county')).toEqual([]);
      // One working day after the breach (the default waits two): Thursday, to the county.
      await tickAt('2026-11-26T09:00:30');
      expect((await remindersTo('county')).map(caseItems)).toEqual([[`escalated:${c.trackingCode}`]]);
      expect((await remindersTo('county'))[0].payload.text).toBe(`【超期1个工作日】${c.trackingCode} 兴科居委会 待受理，11月24日到期未办，请督促办理。回复“详情 ${c.trackingCode}”查看`);
    });

    it('refuses bad rules with one Chinese error and keeps what was there', async () => {
      const ok = { id: 'due_soon', on: 'before_due', days: 1, to: ['owner'] };
      const cases: [string, unknown, string][] = [
        ['a recipient the trigger cannot have', [{ ...ok, to: ['cadre'] }], '“到期前”提醒不能发给“村干部”'],
        ['too many days', [{ ...ok, days: 21 }], '天数最多20个工作日'],
        ['negative days', [{ ...ok, days: -1 }], '天数不能是负数'],
        ['an unknown trigger', [{ ...ok, on: 'weekly' }], '触发时机只能是 before_due、after_due、before_milestone 或 daily_digest'],
        ['the same id twice', [ok, { ...ok, days: 2 }], '规则编号“due_soon”重复了'],
        ['a closed state', [{ ...ok, states: ['monitored'] }], '已办结的环节（monitored）没有期限，不能提醒'],
        ['states on a milestone rule', [{ id: 'ms', on: 'before_milestone', days: 3, to: ['cadre'], states: ['assigned'] }], '只有到期提醒可以指定环节'],
        ['a bad id', [{ ...ok, id: 'Due Soon' }], '规则编号只能用小写字母、数字和下划线，2到32位'],
      ];
      const before = (await put('county', rulesPath, { rules: [ok] })).body;
      for (const [what, rules, message] of cases) {
        const response = await put('county', rulesPath, { rules });
        expect([what, response.status, response.body.error?.code, response.body.error?.message]).toEqual([what, 400, 'validation_failed', message]);
        expect(Object.keys(response.body)).toEqual(['error']);
      }
      expect((await put('county', rulesPath, {})).status).toBe(400);
      expect((await put('county', rulesPath, { rules: [ok], extra: 1 })).body.error.message).toBe('不认识的字段：extra');
      // Township staff may not change them either.
      const forbidden = await put('townA', rulesPath, { rules: null });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.error.message).toBe('只有县级工作人员或管理员可以修改');
      expect((await get('county', rulesPath)).body).toEqual(before);
    });
  });

  describe('inbox', () => {
    /** The bot's own deliverer, sending into a recorder: what a bound cadre reads in WeChat. */
    function chatRecorder() {
      const sent: { to: string; text: string }[] = [];
      const sender: ChatSender = {
        send: async (to, text) => void sent.push({ to, text }),
        sendToRoom: async () => undefined,
      };
      const dispatcher = new OutboxDispatcher(t.app, new ChatDeliverer(t.app, sender), { maxPerSecond: 0 });
      return { sent, dispatcher };
    }

    it('shows a cadre’s own messages, newest first, in exactly the words the bot sent', async () => {
      await t.app.db.getRepository(StaffUser).update({ id: t.users.cadreA1 }, { wechatId: 'wx-cadre-a1' });
      const a = await steps.declare();
      const b = await steps.declare();
      const other = await steps.declare({}, { villageCode: PLACES.villageB1 });
      await tickAt('2026-11-23T10:00:00');
      // Case a is accepted before the bot gets to the digest: it drops out of it.
      await steps.act('cadreA1', a.id, { action: 'accept' });
      const { sent, dispatcher } = chatRecorder();
      while ((await dispatcher.runOnce()) > 0);

      const toCadre = sent.filter((s) => s.to === 'wx-cadre-a1').map((s) => s.text);
      const inbox = await get('cadreA1', '/api/inbox');
      expect(inbox.status).toBe(200);
      const items = inbox.body.items as { id: number; kind: string; text: string; state: string; caseId: number | null }[];
      // Two new-case notices and one reminder digest, newest first.
      expect(items.map((i) => i.kind)).toEqual([REMINDER_KIND, 'case_assigned', 'case_assigned']);
      expect(items.map((i) => i.id)).toEqual([...items.map((i) => i.id)].sort((x, y) => y - x));
      expect(items.map((i) => i.caseId)).toEqual([null, b.id, a.id]);
      expect(items.map((i) => i.state)).toEqual(['sent', 'sent', 'sent']);
      // The same words, message for message, as the bot sent.
      expect(items.map((i) => i.text)).toEqual([...toCadre].reverse());
      expect(items[0].text).toBe(`【即将超期】${b.trackingCode} 兴科居委会 待受理，11月24日到期。回复“详情 ${b.trackingCode}”办理`);
      expect(items[2].text).toContain(a.trackingCode);
      expect(inbox.body.nextBefore).toBeNull();

      // Nobody else's: the other village's cadre sees only theirs; the second cadre of A1 nothing.
      const b1 = (await get('cadreB1', '/api/inbox')).body.items as { text: string; state: string }[];
      expect(b1.map((i) => i.text).join('\n')).toContain(other.trackingCode);
      expect(b1.map((i) => i.text).join('\n')).not.toContain(b.trackingCode);
      // Not bound to WeChat: skipped by the bot, still in the console.
      expect(b1.map((i) => i.state)).toEqual(['skipped', 'skipped']);
      expect((await get('cadreA1b', '/api/inbox')).body).toEqual({ items: [], nextBefore: null });
    });

    it('pages with before', async () => {
      const declared = [await steps.declare(), await steps.declare(), await steps.declare()];
      await tickAt('2026-11-23T10:00:00');
      const all = (await get('cadreA1', '/api/inbox')).body.items as { id: number; kind: string; caseId: number | null; text: string }[];
      expect(all.map((i) => [i.kind, i.caseId])).toEqual([[REMINDER_KIND, null], ...declared.map((d) => ['case_assigned', d.id]).reverse()]);
      expect(all[0].text).toMatch(/^【今日提醒】即将超期3户/);
      for (const d of declared) expect(all[0].text).toContain(d.trackingCode);

      const first = (await get('cadreA1', '/api/inbox?limit=2')).body;
      expect(first.items.map((i: { id: number }) => i.id)).toEqual(all.slice(0, 2).map((i) => i.id));
      expect(first.nextBefore).toBe(all[1].id);
      const second = (await get('cadreA1', `/api/inbox?limit=2&before=${first.nextBefore}`)).body;
      expect(second.items.map((i: { id: number }) => i.id)).toEqual(all.slice(2, 4).map((i) => i.id));
      expect(second.nextBefore).toBe(all[3].id);
      const last = (await get('cadreA1', `/api/inbox?limit=2&before=${second.nextBefore}`)).body;
      expect(last).toEqual({ items: [], nextBefore: null });

      expect((await get('cadreA1', '/api/inbox?limit=0')).status).toBe(400);
      expect((await get('cadreA1', '/api/inbox?limit=101')).body.error.message).toBe('limit 最多100');
      expect((await t.http.get('/api/inbox')).status).toBe(401);
    });
  });

  describe('health', () => {
    const health = async () => {
      const response = await t.http.get('/api/health');
      expect(response.status).toBe(200);
      return response.body as { status: string; scheduler: { lastTickAt: string | null; stale: boolean; plannedUntil: string | null; lastError: string | null }; outbox: { backlog: Record<string, number>; failed: Record<string, number>; waiting: Record<string, number>; oldestDueAt: string | null } };
    };

    it('shows the last tick, the backlog by channel and the dead letters', async () => {
      t.clock.now = at('2026-11-23T09:59:00');
      expect((await health()).scheduler).toEqual({ lastTickAt: null, plannedUntil: null, lastError: null, stale: true });
      expect((await health()).outbox).toEqual({ backlog: {}, oldestDueAt: null, failed: {}, waiting: {} });

      // A mini-program household declares: its "received" notice waits on the subscribe channel.
      const resident = (await t.http.post('/api/auth/wechat').send({ code: 'demo:health' }).expect(200)).body.token as string;
      t.clock.now = at('2026-11-23T10:00:00');
      await steps.declare({}, {}, resident);
      expect((await health()).outbox.backlog).toEqual({ chat: 1, subscribe: 1 });

      // One scheduled slot, as node-cron runs it: the coordinator takes the lease, the tick runs, completes.
      const coordinator = new DbRunCoordinator(t.app, 'test-process');
      const slot = 'reminders:2026-11-23T02:00:00.000Z';
      expect(await coordinator.shouldRun(slot, 60_000)).toBe(true);
      await runReminderTick(t.app);
      t.clock.now = at('2026-11-23T10:00:02');
      await coordinator.onComplete(slot);

      const afterTick = await health();
      expect(afterTick.status).toBe('ok');
      expect(afterTick.scheduler).toEqual({ lastTickAt: at('2026-11-23T10:00:02').toISOString(), plannedUntil: at('2026-11-23T10:00:00').toISOString(), lastError: null, stale: false });
      // The new-case notice, and the reminders: the cadre's 即将超期, the township's and the county's morning summary.
      const staffReminders = (await reminderRows()).filter((m) => m.channel === 'chat').length;
      expect(staffReminders).toBe(3);
      expect(afterTick.outbox).toEqual({ backlog: { chat: 4, subscribe: 1 }, oldestDueAt: at('2026-11-23T10:00:00').toISOString(), failed: {}, waiting: {} });

      // The subscribe message is refused for good by WeChat: a dead letter.
      const refused = new OutboxDispatcher(t.app, { channel: 'subscribe', deliver: async (): Promise<DeliveryResult> => ({ status: 'failed', error: 'WeChat API error 47003', permanent: true }) }, { maxPerSecond: 0 });
      expect(await refused.runOnce()).toBe(1);
      expect((await health()).outbox).toEqual({ backlog: { chat: 4 }, oldestDueAt: at('2026-11-23T10:00:00').toISOString(), failed: { subscribe: 1 }, waiting: {} });

      // Nobody ran the scheduler for six minutes: stale.
      t.clock.now = at('2026-11-23T10:06:03');
      expect((await health()).scheduler).toMatchObject({ lastTickAt: at('2026-11-23T10:00:02').toISOString(), stale: true });
    });

    it('does not count a slot another process holds as a tick', async () => {
      t.clock.now = at('2026-11-23T10:00:00');
      const [a, b] = [new DbRunCoordinator(t.app, 'a'), new DbRunCoordinator(t.app, 'b')];
      expect(await a.shouldRun('reminders:slot-1', 60_000)).toBe(true);
      // a dies mid-tick; b's onComplete of a slot it never held changes nothing.
      await b.onComplete('reminders:slot-1');
      expect((await health()).scheduler).toMatchObject({ lastTickAt: null, stale: true });
    });
  });
});
