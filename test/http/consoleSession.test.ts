import { caseSteps } from '../support/caseSteps';
import { createTestApp, DRIVERS, PASSWORD, PLACES, type TestApp } from '../support/testApp';

const CONSOLE = { 'x-requested-with': 'shenbao-console' };
const cookieOf = (setCookie: string[] | string | undefined) => (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []).find((c) => c.startsWith('shenbao_staff='));

describe.each(DRIVERS)('the console session on %s', (driver) => {
  let t: TestApp;
  let cookie: string;
  let steps: ReturnType<typeof caseSteps>;
  beforeAll(async () => {
    t = await createTestApp(driver);
    steps = caseSteps(t);
    const response = await t.http.post('/api/auth/session').set(CONSOLE).send({ username: 'townA', password: PASSWORD }).expect(200);
    cookie = cookieOf(response.headers['set-cookie'])!.split(';')[0];
  });
  afterAll(() => t.close());

  it('signs in into an HttpOnly, SameSite=Strict cookie for the API only, and never hands the page the token', async () => {
    const response = await t.http.post('/api/auth/session').send({ username: 'county', password: PASSWORD }).expect(200);
    const set = cookieOf(response.headers['set-cookie']);
    expect(set).toMatch(/; path=\/api;/i);
    expect(set).toMatch(/; httponly/i);
    expect(set).toMatch(/; samesite=strict/i);
    expect(JSON.stringify(response.body)).not.toContain(set!.split(';')[0].split('=')[1]);
    expect(response.body.user).toEqual(expect.objectContaining({ name: 'county', role: 'county', roleLabel: '县级', county: { code: PLACES.county, name: '科尔沁右翼前旗' }, town: null }));
  });

  it('says who is signed in and their area, from the cookie alone', async () => {
    const { body } = await t.http.get('/api/auth/session').set('cookie', cookie).expect(200);
    expect(body.user).toEqual(expect.objectContaining({ role: 'township', town: { code: PLACES.townA, name: '科尔沁镇' }, county: { code: PLACES.county, name: '科尔沁右翼前旗' } }));
    const cadre = await t.http.post('/api/auth/session').send({ username: 'cadreA2', password: PASSWORD }).expect(200);
    expect(cadre.body.user.villages).toEqual([{ code: PLACES.villageA2, name: '科尔沁社区居委会' }]);
    await t.http.get('/api/auth/session').expect(401);
  });

  it('refuses a cookie-signed change without the console header, and writes nothing', async () => {
    const { id } = await steps.declare({}, { villageCode: PLACES.villageNoCadre, name: '乌云' });
    const before = await steps.detail('townB', id);
    const refused = await t.http.post(`/api/cases/${id}/actions`).set('cookie', cookie).send({ action: 'close', version: before.version, reason: 'duplicate' });
    // townA's cookie, townB's case: the header check comes first, before anything about the case is told.
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('请从控制台页面操作');
    expect((await steps.detail('townB', id)).version).toBe(before.version);
  });

  it('lets the console act with the header, in the signed-in user’s scope', async () => {
    const { id } = await steps.declare({}, { villageCode: PLACES.villageA1, name: '其木格' });
    const { version } = await steps.detail('townA', id);
    await t.http.post(`/api/cases/${id}/actions`).set('cookie', cookie).set(CONSOLE).send({ action: 'transfer', version, reason: '测试' }).expect(403);
    const closed = await t.http.post(`/api/cases/${id}/actions`).set('cookie', cookie).set(CONSOLE).send({ action: 'close', version, reason: 'duplicate' }).expect(200);
    expect(closed.body.stateLabel).toBe('已结案');
  });

  it('goes on signed out when the cookie is stale, so the sign-in itself still works', async () => {
    await t.http.get('/api/auth/session').set('cookie', 'shenbao_staff=forged.token').expect(401);
    const health = await t.http.get('/api/health').set('cookie', 'shenbao_staff=forged.token').expect(200);
    expect(cookieOf(health.headers['set-cookie'])).toMatch(/^shenbao_staff=;/);
    await t.http.post('/api/auth/session').set('cookie', 'shenbao_staff=forged.token').send({ username: 'townA', password: PASSWORD }).expect(200);
  });

  it('signs out by clearing the cookie', async () => {
    const response = await t.http.delete('/api/auth/session').set('cookie', cookie).set(CONSOLE).expect(204);
    expect(cookieOf(response.headers['set-cookie'])).toMatch(/^shenbao_staff=;/);
  });

  it('offers each allowed action with its form drawn from the rule, and the village’s cadres for 分派', async () => {
    const { id } = await steps.declare({}, { villageCode: PLACES.villageNoCadre, name: '宝音' });
    const detail = await steps.detail('townB', id);
    const assign = detail.actions.find((a: { action: string }) => a.action === 'assign');
    expect(assign.form.properties.assigneeId).toEqual(expect.objectContaining({ title: '村干部', 'x-widget': 'assignee' }));
    expect(detail.assignees).toEqual([]);
    const close = detail.actions.find((a: { action: string }) => a.action === 'close');
    expect(close.form.required).toEqual(['reason']);
    expect(close.form.properties.reason['x-labels']).toEqual({ no_risk: '核查无风险', not_eligible: '不符合纳入条件', duplicate: '重复申报', withdrawn: '群众撤回' });
    const routed = await steps.declare({}, { villageCode: PLACES.villageA1, name: '阿古拉' });
    const forTown = await steps.detail('townA', routed.id);
    expect(forTown.assignees.map((a: { name: string; primary: boolean }) => [a.name, a.primary])).toEqual([
      ['cadreA1', true],
      ['cadreA1b', false],
    ]);
  });
});
