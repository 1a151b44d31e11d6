import { DbRunCoordinator } from '../../src/jobs/jobLease';
import { OutboxDispatcher } from '../../src/jobs/outboxDispatcher';
import { OutboxMessage } from '../../src/store/entities';
import { insertRows } from '../../src/store/transaction';
import { createTestApp, DRIVERS, type TestApp } from '../support/testApp';

const at = (local: string) => new Date(`${local}+08:00`);

describe.each(DRIVERS)('scheduler lease on %s', (driver) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(driver);
  });
  afterEach(() => t.close());

  it('lets exactly one of several processes run a slot, even when they ask at once', async () => {
    const processes = ['a', 'b', 'c', 'd'].map((name) => new DbRunCoordinator(t.app, name));
    const answers = await Promise.all(processes.map((p) => p.shouldRun('reminders:2026-12-02T01:00:00.000Z', 60_000)));
    expect(answers.filter(Boolean)).toHaveLength(1);
    // Finished or not, that slot never runs again.
    const winner = processes[answers.indexOf(true)];
    await winner.onComplete('reminders:2026-12-02T01:00:00.000Z');
    expect(await processes[0].shouldRun('reminders:2026-12-02T01:00:00.000Z', 60_000)).toBe(false);
    // The next slot does.
    expect(await processes[1].shouldRun('reminders:2026-12-02T01:01:00.000Z', 60_000)).toBe(true);
  });

  it('holds the next slot back while a tick runs, and lets it go once a dead holder’s lease has passed', async () => {
    const [a, b] = [new DbRunCoordinator(t.app, 'a'), new DbRunCoordinator(t.app, 'b')];
    t.clock.now = at('2026-12-02T09:00:00');
    expect(await a.shouldRun('reminders:slot-1', 5 * 60_000)).toBe(true);
    // a died without onComplete. A minute later its lease still holds.
    t.clock.now = at('2026-12-02T09:01:00');
    expect(await b.shouldRun('reminders:slot-2', 5 * 60_000)).toBe(false);
    t.clock.now = at('2026-12-02T09:05:01');
    expect(await b.shouldRun('reminders:slot-3', 5 * 60_000)).toBe(true);
  });
});

describe.each(DRIVERS)('quiet hours on %s', (driver) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(driver);
  });
  afterEach(() => t.close());

  it('holds a message to a household that comes due at night until 08:00, untried', async () => {
    t.clock.now = at('2026-12-02T22:10:00');
    await insertRows(t.app.db.manager, OutboxMessage, [
      Object.assign(new OutboxMessage(), { channel: 'subscribe', recipientType: 'resident', recipientId: 1, kind: 'case_accepted', payload: { trackingCode: '12345678' }, state: 'pending', attempts: 0, uniqueKey: 'night-1', caseId: null, availableAt: t.clock.now, leaseUntil: null, lastError: null, createdAt: t.clock.now, sentAt: null }),
      Object.assign(new OutboxMessage(), { channel: 'subscribe', recipientType: 'staff', recipientId: 1, kind: 'case_assigned', payload: {}, state: 'pending', attempts: 0, uniqueKey: 'night-2', caseId: null, availableAt: t.clock.now, leaseUntil: null, lastError: null, createdAt: t.clock.now, sentAt: null }),
    ]);
    const sent: string[] = [];
    const dispatcher = new OutboxDispatcher(t.app, { channel: 'subscribe', deliver: async (m) => (sent.push(m.uniqueKey), { status: 'sent' }) }, { maxPerSecond: 0 });
    await dispatcher.runOnce();
    expect(sent).toEqual(['night-2']);
    const held = await t.app.db.getRepository(OutboxMessage).findOneByOrFail({ uniqueKey: 'night-1' });
    expect(held).toMatchObject({ state: 'pending', attempts: 0, availableAt: at('2026-12-03T08:00:00') });
    t.clock.now = at('2026-12-03T07:59:00');
    await dispatcher.runOnce();
    expect(sent).toEqual(['night-2']);
    t.clock.now = at('2026-12-03T08:00:00');
    await dispatcher.runOnce();
    expect(sent).toEqual(['night-2', 'night-1']);
  });
});
