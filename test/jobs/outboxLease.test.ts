import { OutboxDispatcher, type DeliveryResult } from '../../src/jobs/outboxDispatcher';
import { OutboxMessage } from '../../src/store/entities';
import { validIdNumber } from '../support/ids';
import { createTestApp, declaration, DRIVERS, type TestApp } from '../support/testApp';

/**
 * A dispatcher claims a batch at once and sends it one row at a time. When the sends outlast the
 * lease (paced sends, or WeChat hanging until each send times out), another process may claim the batch's tail
 * meanwhile — found by `npm run faults -- --cluster --only wechatErrors`, where two deliverers sent
 * two notices twice. The first dispatcher must then leave those rows to the new owner.
 */
describe.each(DRIVERS)('outbox lease on %s', (driver) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(driver);
    for (let i = 0; i < 2; i++) await t.http.post('/api/declarations').send(declaration({}, { idNumber: validIdNumber(700 + i) })).expect(201);
  });
  afterEach(() => t.close());

  it('a row whose lease ran out while the batch was being sent is sent by its new owner only', async () => {
    const LEASE_MS = 60_000;
    const sends: [string, number][] = [];
    const other = new OutboxDispatcher(t.app, { channel: 'chat', deliver: async (m) => (sends.push(['other', m.id]), { status: 'sent' }) }, { maxPerSecond: 0, leaseMs: LEASE_MS });
    let otherSent = -1;
    const first = new OutboxDispatcher(t.app, { channel: 'chat', deliver: async (m) => (sends.push(['first', m.id]), { status: 'sent' }) }, {
      leaseMs: LEASE_MS,
      batchSize: 10,
      maxPerSecond: 1,
      // Pacing before the second row: the wait outlasts the lease, and another process claims what is due.
      sleep: async () => {
        t.clock.now = new Date(t.clock.now.getTime() + LEASE_MS + 1000);
        otherSent = await other.runOnce();
      },
    });

    expect(await first.runOnce()).toBe(1);
    expect(otherSent).toBe(1);
    const rows = await t.app.db.getRepository(OutboxMessage).find({ order: { id: 'ASC' } });
    expect(rows).toHaveLength(2);
    expect(sends).toEqual([
      ['first', rows[0].id],
      ['other', rows[1].id],
    ]);
    expect(rows.map((r) => [r.state, r.attempts])).toEqual([
      ['sent', 1],
      ['sent', 2],
    ]);
  });
});
