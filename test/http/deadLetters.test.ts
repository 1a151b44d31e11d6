import { OutboxMessage } from '../../src/store/entities';
import { caseSteps } from '../support/caseSteps';
import { createTestApp, DRIVERS, PLACES, type TestApp } from '../support/testApp';

describe.each(DRIVERS)('dead letters on %s', (driver) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(driver);
  });
  afterEach(() => t.close());

  it('shows the county what could not be sent, and sends one again once fixed', async () => {
    const steps = caseSteps(t);
    const declared = await steps.declare();
    const repo = t.app.db.getRepository(OutboxMessage);
    const [toCadre] = await repo.findBy({ recipientType: 'staff', recipientId: t.users.cadreA1 });
    await repo.update(toCadre.id, { state: 'failed', attempts: 8, lastError: '工作人员未绑定微信' });

    const county = await steps.token('county');
    const list = await t.http.get(`/api/counties/${PLACES.county}/dead-letters`).set('authorization', `Bearer ${county}`).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ id: toCadre.id, kind: 'case_assigned', trackingCode: declared.trackingCode, attempts: 8, lastError: '工作人员未绑定微信' })]);
    expect(list.body[0].recipientName).toBeTruthy();

    const town = await steps.token('townA');
    const refused = await t.http.get(`/api/counties/${PLACES.county}/dead-letters`).set('authorization', `Bearer ${town}`).expect(403);
    expect(refused.body.error.message).toMatch(/县级/);
    await t.http.get('/api/counties/150000/dead-letters').set('authorization', `Bearer ${county}`).expect(403);

    await t.http.post(`/api/counties/${PLACES.county}/dead-letters/${toCadre.id}/retry`).set('authorization', `Bearer ${county}`).expect(200);
    expect(await repo.findOneByOrFail({ id: toCadre.id })).toMatchObject({ state: 'pending', attempts: 0 });
    const after = await t.http.get(`/api/counties/${PLACES.county}/dead-letters`).set('authorization', `Bearer ${county}`).expect(200);
    expect(after.body).toEqual([]);
    await t.http.post(`/api/counties/${PLACES.county}/dead-letters/${toCadre.id}/retry`).set('authorization', `Bearer ${county}`).expect(404);
  });
});
