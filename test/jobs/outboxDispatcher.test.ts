import { OutboxDispatcher, type DeliveryResult } from '../../src/jobs/outboxDispatcher';
import { OutboxMessage } from '../../src/store/entities';
import { createTestApp, declaration, DRIVERS, type TestApp } from '../support/testApp';
import { validIdNumber } from '../support/ids';

describe.each(DRIVERS)('outbox dispatcher on %s', (driver) => {
  let t: TestApp;
  let n = 300;
  beforeEach(async () => {
    t = await createTestApp(driver);
  });
  afterEach(() => t.close());

  const declareSome = async (count: number) => {
    for (let i = 0; i < count; i++) await t.http.post('/api/declarations').send(declaration({}, { idNumber: validIdNumber(n++) })).expect(201);
  };
  const rows = () => t.app.db.getRepository(OutboxMessage).find({ order: { id: 'ASC' } });
  const noWait = { maxPerSecond: 0, sleep: async () => undefined };

  it('sends every due row once, even with two dispatchers running at the same time', async () => {
    await declareSome(6);
    const sent: number[] = [];
    const deliverer = { channel: 'chat' as const, deliver: async (m: OutboxMessage): Promise<DeliveryResult> => (sent.push(m.id), { status: 'sent' }) };
    const a = new OutboxDispatcher(t.app, deliverer, noWait);
    const b = new OutboxDispatcher(t.app, deliverer, noWait);
    await Promise.all([a.runOnce(), b.runOnce()]);
    expect(sent.sort((x, y) => x - y)).toEqual((await rows()).map((r) => r.id));
    expect((await rows()).every((r) => r.state === 'sent' && r.sentAt !== null && r.attempts === 1)).toBe(true);
    expect(await a.runOnce()).toBe(0);
  });

  it('retries a failed send with backoff, then gives up after the last attempt', async () => {
    await declareSome(1);
    let calls = 0;
    const dispatcher = new OutboxDispatcher(t.app, { channel: 'chat', deliver: async () => (calls++, { status: 'failed', error: 'timeout' }) }, { ...noWait, maxAttempts: 3, backoffMs: () => 60_000 });
    await dispatcher.runOnce();
    expect(await rows()).toEqual([expect.objectContaining({ state: 'pending', attempts: 1, lastError: 'timeout' })]);
    await dispatcher.runOnce();
    expect(calls).toBe(1); // not due before the backoff has passed
    for (let i = 0; i < 2; i++) {
      t.clock.now = new Date(t.clock.now.getTime() + 61_000);
      await dispatcher.runOnce();
    }
    expect(calls).toBe(3);
    expect(await rows()).toEqual([expect.objectContaining({ state: 'failed', attempts: 3 })]);
  });

  it('marks rows with nothing to send as skipped, and a thrown error as a failed attempt', async () => {
    await declareSome(2);
    const results: DeliveryResult[] = [{ status: 'skipped', reason: '村干部未绑定微信' }];
    const dispatcher = new OutboxDispatcher(t.app, {
      channel: 'chat',
      deliver: async () => {
        const next = results.shift();
        if (!next) throw new Error('socket hang up');
        return next;
      },
    }, noWait);
    await dispatcher.runOnce();
    expect((await rows()).map((r) => [r.state, r.lastError])).toEqual([
      ['skipped', '村干部未绑定微信'],
      ['pending', 'socket hang up'],
    ]);
  });

  it('picks up a row whose sender died holding the lease, once the lease has run out', async () => {
    await declareSome(1);
    const [row] = await rows();
    await t.app.db.getRepository(OutboxMessage).update(row.id, { state: 'sending', attempts: 1, leaseUntil: new Date(t.clock.now.getTime() + 60_000) });
    const sent: number[] = [];
    const dispatcher = new OutboxDispatcher(t.app, { channel: 'chat', deliver: async (m) => (sent.push(m.id), { status: 'sent' }) }, noWait);
    await dispatcher.runOnce();
    expect(sent).toEqual([]);
    t.clock.now = new Date(t.clock.now.getTime() + 61_000);
    await dispatcher.runOnce();
    expect(sent).toEqual([row.id]);
  });

  it('keeps to the rate cap between sends', async () => {
    await declareSome(3);
    const waits: number[] = [];
    const dispatcher = new OutboxDispatcher(t.app, { channel: 'chat', deliver: async () => ({ status: 'sent' }) }, { maxPerSecond: 1, sleep: async (ms) => void waits.push(ms) });
    await dispatcher.runOnce();
    expect(waits.length).toBe(2);
    for (const ms of waits) expect(ms).toBeGreaterThan(900);
  });
});
