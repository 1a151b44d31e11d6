import { caseSteps } from '../support/caseSteps';
import { createTestApp, DRIVERS, PLACES, rowCounts, type TestApp } from '../support/testApp';

type User = Parameters<TestApp['login']>[0];

/** 批量办理: one action, one input, each case on its own through the same rules. */
describe.each(DRIVERS)('bulk actions on %s', (driver) => {
  let t: TestApp;
  let steps: ReturnType<typeof caseSteps>;

  beforeAll(async () => {
    t = await createTestApp(driver);
    steps = caseSteps(t);
  });
  afterAll(() => t.close());

  const bulk = async (user: User, body: Record<string, unknown>, status = 200) => {
    const response = await t.http.post('/api/bulk-actions').set('authorization', `Bearer ${await steps.token(user)}`).send(body);
    expect(response.status).toBe(status);
    return response.body;
  };
  const versions = async (ids: number[]) => Promise.all(ids.map(async (id) => ({ id, version: (await steps.detail('townA', id)).version as number })));

  it('reassigns several cases of a village; a stale or out-of-scope one is reported, the rest go through', async () => {
    const ids = [(await steps.declare()).id, (await steps.declare()).id, (await steps.declare()).id];
    const other = (await steps.declare({}, { villageCode: PLACES.villageB1 })).id;
    const cases = await versions(ids);
    // Someone acts on the second case after the page was read.
    await steps.act('cadreA1', ids[1], { action: 'accept' });
    const result = await bulk('townA', { action: 'assign', assigneeId: t.users.cadreA1b, note: '原村干部休假', cases: [...cases, { id: other, version: 1 }] });
    expect(result).toMatchObject({ action: 'assign', done: 2, failed: 2 });
    expect(result.results).toEqual([
      { id: ids[0], ok: true, state: 'assigned', stateLabel: '待受理' },
      { id: ids[1], ok: false, code: 'stale_version', message: '案件已被他人更新，请刷新' },
      { id: ids[2], ok: true, state: 'assigned', stateLabel: '待受理' },
      { id: other, ok: false, code: 'not_found', message: '案件不存在' },
    ]);
    expect((await steps.detail('townA', ids[0])).assigneeId).toBe(t.users.cadreA1b);
    expect((await steps.detail('townA', ids[1])).assigneeId).toBe(t.users.cadreA1);
    // Each case done leaves its own audit row, as a single action does.
    const timeline = (await t.http.get(`/api/cases/${ids[2]}/timeline`).set('authorization', `Bearer ${await steps.token('townA')}`).expect(200)).body;
    expect(JSON.stringify(timeline)).toContain('原村干部休假');
  });

  it('checks the shared input once, before anything is written', async () => {
    const ids = [(await steps.declare()).id, (await steps.declare()).id];
    const before = await rowCounts(t.app);
    const refused = await bulk('townA', { action: 'assign', cases: await versions(ids) }, 400);
    expect(refused.error.message).toBe('请选择村干部');
    expect(await rowCounts(t.app)).toEqual(before);
  });

  it('refuses what cannot be done in bulk, an empty or oversized selection, and a case chosen twice', async () => {
    const id = (await steps.declare()).id;
    expect((await bulk('townA', { action: 'accept', cases: [{ id, version: 1 }] }, 400)).error.message).toBe('这个操作不能批量办理');
    expect((await bulk('townA', { action: 'township_approve', cases: [] }, 400)).error.message).toBe('请至少选择一个案件');
    const many = Array.from({ length: 101 }, (_, i) => ({ id: i + 1, version: 1 }));
    expect((await bulk('townA', { action: 'township_approve', cases: many }, 400)).error.message).toBe('一次最多办理100个案件');
    expect((await bulk('townA', { action: 'township_approve', cases: [{ id, version: 1 }, { id, version: 1 }] }, 400)).error.message).toBe('同一个案件选了两次');
  });

  it('approves in bulk only where the rule allows it', async () => {
    const id = (await steps.declare()).id;
    const result = await bulk('townA', { action: 'township_approve', cases: await versions([id]) });
    expect(result.results[0]).toMatchObject({ ok: false, code: 'invalid_transition' });
    expect((await steps.detail('townA', id)).state).toBe('assigned');
  });

  it('names the cadres of a village in scope, and no others', async () => {
    const cadres = (await t.http.get(`/api/villages/${PLACES.villageA1}/cadres`).set('authorization', `Bearer ${await steps.token('townA')}`).expect(200)).body.items as { id: number }[];
    expect(cadres.map((c) => c.id).sort()).toEqual([t.users.cadreA1, t.users.cadreA1b].sort());
    const out = await t.http.get(`/api/villages/${PLACES.villageB1}/cadres`).set('authorization', `Bearer ${await steps.token('townA')}`).expect(404);
    expect(out.body.error.message).toBe('没有找到这个村');
    await t.http.get('/api/villages/123/cadres').set('authorization', `Bearer ${await steps.token('townA')}`).expect(400);
  });

  it('lists the bulk actions with their forms in the catalogues', async () => {
    const { bulkActions } = (await t.http.get('/api/catalogues').set('authorization', `Bearer ${await steps.token('county')}`).expect(200)).body;
    expect(bulkActions.map((a: { action: string }) => a.action)).toEqual(['assign', 'township_approve']);
    expect(bulkActions[0].form.properties.assigneeId['x-widget']).toBe('assignee');
  });
});
