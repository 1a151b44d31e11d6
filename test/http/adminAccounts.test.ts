import { createLogger } from '../../src/logger';
import { bindChatAccount } from '../../src/services/bindCodes';
import { importCounties } from '../../src/services/regionImport';
import { addStaffUser } from '../../src/services/staffAdmin';
import { CadreVillage, Case, Region, StaffUser } from '../../src/store/entities';
import { caseSteps } from '../support/caseSteps';
import { createTestApp, DRIVERS, NOW, PASSWORD, PLACES, type TestApp } from '../support/testApp';

jest.setTimeout(60_000);

const OTHER_COUNTY = '152222';

describe.each(DRIVERS)('account administration over the API on %s', (driver) => {
  let t: TestApp;
  let steps: ReturnType<typeof caseSteps>;
  /** Every log line the service writes during the suite: none may carry a password or a bind code. */
  const lines: string[] = [];
  /** Every password and code the API handed out, to look for in the log and the database. */
  const secrets: string[] = [];
  let otherVillage: string;

  const tokens = new Map<string, string>();
  const token = async (username: string) => {
    if (!tokens.has(username)) tokens.set(username, (await login(username, PASSWORD).expect(200)).body.token);
    return tokens.get(username) as string;
  };
  const as = (username: string) => ({
    get: async (path: string) => t.http.get(path).set('authorization', `Bearer ${await token(username)}`),
    post: async (path: string, body?: object) => t.http.post(path).set('authorization', `Bearer ${await token(username)}`).send(body),
    put: async (path: string, body: object) => t.http.put(path).set('authorization', `Bearer ${await token(username)}`).send(body),
    delete: async (path: string) => t.http.delete(path).set('authorization', `Bearer ${await token(username)}`),
  });
  const county = () => as('county');
  const staffPath = `/api/counties/${PLACES.county}/staff`;
  const login = (username: string, password: string) => t.http.post('/api/auth/login').send({ username, password });
  const listed = async (username: string) => ((await (await county()).get(staffPath)).body.items as { username: string }[]).find((a) => a.username === username) as Record<string, unknown> | undefined;
  const staffCount = async () => t.app.db.getRepository(StaffUser).count();

  beforeAll(async () => {
    t = await createTestApp(driver);
    t.app.logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
    steps = caseSteps(t);
    await importCounties(t.app.db.manager, [OTHER_COUNTY]);
    otherVillage = (await t.app.db.getRepository(Region).findOneOrFail({ where: { countyCode: OTHER_COUNTY, level: 'village' }, order: { code: 'ASC' } })).code;
    await addStaffUser(t.app.db.manager, { role: 'cadre', username: 'otherCadre', password: PASSWORD, name: '外县干部', villages: [otherVillage] }, NOW);
    await addStaffUser(t.app.db.manager, { role: 'admin', username: 'admin1', password: PASSWORD }, NOW);
  });
  // Past the login rate limit's minute (20 a minute from one address), same day.
  beforeEach(() => {
    t.clock.now = new Date(t.clock.now.getTime() + 2 * 60_000);
  });
  afterAll(() => t.close());

  it('adds a cadre for villages of the county; the password shown once signs in and is stored only hashed', async () => {
    const before = lines.length;
    const response = await (await county()).post(staffPath, { username: 'wangfang', name: '王芳', villages: [PLACES.villageNoCadre], primary: true });
    expect(response.status).toBe(201);
    const { account, password } = response.body;
    secrets.push(password);
    expect(password).toMatch(/^[a-z]{6}\d{4}$/);
    expect(account).toMatchObject({ username: 'wangfang', name: '王芳', role: 'cadre', roleLabel: '村干部', active: true, chatBound: false, openCases: 0 });
    expect(account.villages).toEqual([{ code: PLACES.villageNoCadre, name: '联合嘎查', townCode: PLACES.townB, townName: '索伦镇', primary: true }]);
    await login('wangfang', password).expect(200);
    const stored = await t.app.db.getRepository(StaffUser).findOneByOrFail({ username: 'wangfang' });
    expect(stored.passwordHash).not.toContain(password);
    // The change is logged with who made it, once.
    const logged = lines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.audit === 'staff_account');
    expect(logged).toEqual([expect.objectContaining({ change: 'add_cadre', by: expect.objectContaining({ id: t.users.county, role: 'county' }), staff: { id: stored.id, username: 'wangfang' } })]);

    // A new case in that village now goes to them.
    const declared = await steps.declare({}, { villageCode: PLACES.villageNoCadre });
    expect(declared.state).toBe('assigned');
    expect((await t.app.db.getRepository(Case).findOneByOrFail({ id: declared.id })).assigneeId).toBe(stored.id);
    expect(await listed('wangfang')).toMatchObject({ openCases: 1 });
  });

  it('refuses a bad cadre in Chinese and writes nothing', async () => {
    const before = await staffCount();
    const cases: [object, number, string | RegExp][] = [
      [{ username: 'x1', name: '甲', villages: [PLACES.villageA1] }, 400, '用户名为3到64位字母、数字、下划线、点或横线'],
      [{ username: 'jia01', name: '', villages: [PLACES.villageA1] }, 400, '请填写姓名'],
      [{ username: 'jia01', name: '甲', villages: [] }, 400, '请至少选择一个负责的村'],
      [{ username: 'jia01', name: '甲', villages: [otherVillage] }, 400, `这些村代码不是本县的村：${otherVillage}`],
      [{ username: 'jia01', name: '甲', villages: ['152221100'] }, 400, '村代码应为12位数字'],
      [{ username: 'jia01', name: '甲', villages: [PLACES.villageA1], password: 'Chosen-2026' }, 400, /不认识的字段：password/],
      [{ username: 'cadreA1', name: '甲', villages: [PLACES.villageA1] }, 409, '用户名 cadreA1 已存在'],
    ];
    for (const [body, status, message] of cases) {
      const response = await (await county()).post(staffPath, body);
      expect([response.status, response.body.error?.message]).toEqual([status, expect.stringMatching(message)]);
    }
    expect(await staffCount()).toBe(before);
  });

  it('lists the county’s township and cadre accounts with villages, binding and open cases — only theirs', async () => {
    const response = await (await county()).get(staffPath);
    expect(response.status).toBe(200);
    const body = response.body;
    const names = (body.items as { username: string }[]).map((a) => a.username);
    expect(names).toEqual(expect.arrayContaining(['townA', 'townB', 'cadreA1', 'cadreA1b', 'cadreA2', 'cadreB1', 'wangfang']));
    expect(names).not.toContain('county');
    expect(names).not.toContain('otherCadre');
    expect(names).not.toContain('admin1');
    // Each town's account comes before its cadres.
    expect(names.indexOf('townA')).toBeLessThan(names.indexOf('cadreA1'));
    expect(names.indexOf('townB')).toBeLessThan(names.indexOf('cadreB1'));
    const a1 = body.items.find((a: { username: string }) => a.username === 'cadreA1');
    expect(a1).toMatchObject({ active: true, chatBound: false, villages: [expect.objectContaining({ code: PLACES.villageA1, name: '兴科居委会', primary: true })] });
    expect(body.items.find((a: { username: string }) => a.username === 'cadreA1b').villages[0].primary).toBe(false);
    expect(body.items.find((a: { username: string }) => a.username === 'townA')).toMatchObject({ role: 'township', town: { code: PLACES.townA, name: '科尔沁镇' }, villages: [] });

    expect((await (await as('admin1')).get(`/api/counties/${OTHER_COUNTY}/staff`)).body.items.map((a: { username: string }) => a.username)).toEqual(['otherCadre']);
  });

  it('deactivates a cadre: no sign-in, no session, no new cases; their open cases are listed to reassign, then reactivates', async () => {
    const held = await steps.declare({}, { villageCode: PLACES.villageA2 });
    const session = (await login('cadreA2', PASSWORD).expect(200)).body.token as string;
    const off = await (await county()).put('/api/staff/cadreA2/active', { active: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ username: 'cadreA2', active: false, openCases: 1 });
    expect((await login('cadreA2', PASSWORD)).status).toBe(401);
    expect((await t.http.get('/api/queue').set('authorization', `Bearer ${session}`)).status).toBe(401);

    // Nobody else answers for A2: a new case waits for the township.
    const routed = await steps.declare({}, { villageCode: PLACES.villageA2 });
    expect(routed.state).toBe('submitted');
    expect((await t.app.db.getRepository(Case).findOneByOrFail({ id: routed.id })).assigneeId).toBeNull();

    const open = await (await county()).get('/api/staff/cadreA2/open-cases');
    expect(open.body).toMatchObject({ total: 1, items: [expect.objectContaining({ id: held.id, state: 'assigned', reassignable: true })] });
    // Handed on with the existing bulk assign, to an active cadre of the village.
    await (await county()).put('/api/staff/cadreA1b/villages', { villages: [{ code: PLACES.villageA1, primary: false }, { code: PLACES.villageA2, primary: false }] }).then((r) => expect(r.status).toBe(200));
    const version = open.body.items[0].version;
    const bulk = await (await county()).post('/api/bulk-actions', { action: 'assign', cases: [{ id: held.id, version }], assigneeId: t.users.cadreA1b });
    expect(bulk.body).toMatchObject({ done: 1, failed: 0 });
    expect((await (await county()).get('/api/staff/cadreA2/open-cases')).body.total).toBe(0);
    // An inactive cadre is no choice for assigning.
    const refused = await (await county()).post('/api/bulk-actions', { action: 'assign', cases: [{ id: routed.id, version: (await steps.detail('county', routed.id)).version }], assigneeId: t.users.cadreA2 });
    expect(refused.body.results[0]).toMatchObject({ ok: false, message: '只能分派给负责这个村的村干部' });

    // The primary cadre of A1 off: the other cadre of A1 gets the new case.
    await (await county()).put('/api/staff/cadreA1/active', { active: false }).then((r) => expect(r.status).toBe(200));
    const toOther = await steps.declare({}, { villageCode: PLACES.villageA1 });
    expect((await t.app.db.getRepository(Case).findOneByOrFail({ id: toOther.id })).assigneeId).toBe(t.users.cadreA1b);

    for (const username of ['cadreA1', 'cadreA2']) await (await county()).put(`/api/staff/${username}/active`, { active: true }).then((r) => expect(r.body.active).toBe(true));
    await login('cadreA2', PASSWORD).expect(200);
    expect((await (await county()).put('/api/staff/cadreA2/active', { active: 'no' })).body.error.message).toBe('active 只能是 true 或 false');
  });

  it('sets a cadre’s villages: added, removed, primary moved; routing follows', async () => {
    const put = async (villages: object[]) => (await county()).put('/api/staff/cadreB1/villages', { villages });
    const saved = await put([{ code: PLACES.villageA1, primary: true }, { code: PLACES.villageB1, primary: false }]);
    expect(saved.status).toBe(200);
    expect(saved.body.villages).toEqual([
      expect.objectContaining({ code: PLACES.villageA1, primary: true }),
      expect.objectContaining({ code: PLACES.villageB1, primary: false }),
    ]);
    // The village's only primary cadre now: cadreA1 is not primary any more, and new cases come here.
    expect(await t.app.db.getRepository(CadreVillage).findOneByOrFail({ staffId: t.users.cadreA1, villageCode: PLACES.villageA1 })).toMatchObject({ isPrimary: false });
    const declared = await steps.declare({}, { villageCode: PLACES.villageA1 });
    expect((await t.app.db.getRepository(Case).findOneByOrFail({ id: declared.id })).assigneeId).toBe(t.users.cadreB1);

    const refusedOutside = await put([{ code: otherVillage, primary: false }]);
    expect([refusedOutside.status, refusedOutside.body.error.message]).toEqual([400, `这些村代码不是本县的村：${otherVillage}`]);
    expect((await put([])).body.error.message).toBe('村干部至少负责一个村；不再负责任何村请停用账号');
    expect((await put([{ code: PLACES.villageB1, primary: false }, { code: PLACES.villageB1, primary: true }])).body.error.message).toBe('同一个村列了两次');
    const township = await (await county()).put('/api/staff/townA/villages', { villages: [{ code: PLACES.villageA1, primary: false }] });
    expect([township.status, township.body.error.message]).toEqual([400, 'townA 不是村干部账号']);
    // Refusals changed nothing.
    expect((await t.app.db.getRepository(CadreVillage).findBy({ staffId: t.users.cadreB1 })).map((v) => v.villageCode).sort()).toEqual([PLACES.villageA1, PLACES.villageB1]);

    const back = await put([{ code: PLACES.villageB1, primary: true }]);
    expect(back.body.villages).toEqual([expect.objectContaining({ code: PLACES.villageB1, primary: true })]);
    await (await county()).put('/api/staff/cadreA1/villages', { villages: [{ code: PLACES.villageA1, primary: true }] }).then((r) => expect(r.status).toBe(200));
  });

  it('resets a password: the old one stops working, its sessions end, the new one (shown once) works and lifts a lockout', async () => {
    const before = (await login('cadreB1', PASSWORD).expect(200)).body.token as string;
    await t.http.get('/api/queue').set('authorization', `Bearer ${before}`).expect(200);
    t.clock.now = new Date(t.clock.now.getTime() + 1000);
    for (let i = 0; i < 5; i++) await login('cadreB1', 'wrong-password-1');
    expect((await login('cadreB1', PASSWORD)).status).toBe(429);
    const reset = await (await county()).post('/api/staff/cadreB1/password');
    expect(reset.status).toBe(200);
    secrets.push(reset.body.password);
    expect(reset.body.account).toMatchObject({ username: 'cadreB1' });
    expect((await login('cadreB1', PASSWORD)).status).toBe(401);
    // The session opened with the old password (a second before the reset) is over; one opened with the new one works.
    await t.http.get('/api/queue').set('authorization', `Bearer ${before}`).expect(401);
    const after = (await login('cadreB1', reset.body.password).expect(200)).body.token as string;
    await t.http.get('/api/queue').set('authorization', `Bearer ${after}`).expect(200);
  });

  it('issues a bind code the bot accepts, and unbinds', async () => {
    const issued = await (await county()).post('/api/staff/cadreA1b/bind-code');
    expect(issued.status).toBe(200);
    secrets.push(issued.body.code);
    expect(issued.body.code).toMatch(/^\d{8}$/);
    expect(new Date(issued.body.expiresAt).getTime() - t.clock.now.getTime()).toBe(24 * 3600 * 1000);
    await expect(bindChatAccount(t.app, issued.body.code, 'wx-a1b')).resolves.toMatchObject({ staffId: t.users.cadreA1b });
    expect(await listed('cadreA1b')).toMatchObject({ chatBound: true });
    const unbound = await (await county()).delete('/api/staff/cadreA1b/chat-binding');
    expect(unbound.body).toMatchObject({ wasBound: true, account: { chatBound: false } });

    await (await county()).put('/api/staff/cadreA1b/active', { active: false });
    const refused = await (await county()).post('/api/staff/cadreA1b/bind-code');
    expect([refused.status, refused.body.error.message]).toEqual([409, '账号 cadreA1b 已停用']);
    await (await county()).put('/api/staff/cadreA1b/active', { active: true });
  });

  it('keeps each county to its own accounts; township and cadre accounts manage none', async () => {
    for (const user of ['townA', 'cadreA1'] as const) {
      const checks = [
        await (await as(user)).get(staffPath),
        await (await as(user)).post(staffPath, { username: 'jia02', name: '甲', villages: [PLACES.villageA1] }),
        await (await as(user)).put('/api/staff/cadreA2/active', { active: false }),
        await (await as(user)).post('/api/staff/cadreA2/password'),
        await (await as(user)).post('/api/staff/cadreA2/bind-code'),
        await (await as(user)).get('/api/staff/cadreA2/open-cases'),
      ];
      for (const r of checks) expect([r.status, r.body.error.message]).toEqual([403, '只有县级可以管理账号']);
    }
    const other = await (await county()).get(`/api/counties/${OTHER_COUNTY}/staff`);
    expect([other.status, other.body.error.message]).toEqual([403, '只能管理本县的账号']);
    expect((await (await county()).post(`/api/counties/${OTHER_COUNTY}/staff`, { username: 'jia03', name: '甲', villages: [otherVillage] })).status).toBe(403);
    for (const username of ['otherCadre', 'county', 'admin1', 'nobody']) {
      const r = await (await county()).put(`/api/staff/${username}/active`, { active: false });
      expect([r.status, r.body.error.message]).toEqual([404, `用户 ${username} 不存在`]);
    }
    expect((await t.app.db.getRepository(StaffUser).findOneByOrFail({ username: 'otherCadre' })).active).toBe(true);
    // An admin manages any county's.
    const byAdmin = await (await as('admin1')).post('/api/staff/otherCadre/password');
    expect(byAdmin.status).toBe(200);
    secrets.push(byAdmin.body.password);
  });

  it('never writes a password or a bind code to the log', () => {
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    const changes = lines.filter((l) => l.includes('"audit":"staff_account"'));
    expect(changes.length).toBeGreaterThanOrEqual(8);
    for (const secret of secrets) expect(lines.filter((l) => l.includes(secret))).toEqual([]);
  });
});

describe.each(DRIVERS)('the county’s figures over the settings route on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  it('saves the income line and thresholds with the clock; refuses bad amounts in Chinese', async () => {
    const token = await t.login('county');
    const path = `/api/counties/${PLACES.county}/settings/2027`;
    const saved = await t.http.put(path).set('authorization', `Bearer ${token}`).send({ incomeLine: 8050, medicalThreshold: 3000, clock: { visitDays: 3 } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ year: 2027, incomeLine: 8050, medicalThreshold: 3000, rigidSpendingThreshold: 20_000, isExample: false, clock: expect.objectContaining({ visitDays: 3 }) });
    const bad = await t.http.put(path).set('authorization', `Bearer ${token}`).send({ incomeLine: 80.5 });
    expect([bad.status, bad.body.error.message]).toEqual([400, '监测收入线应为整数（元）']);
    expect((await t.http.put(path).set('authorization', `Bearer ${token}`).send({ rigidSpendingThreshold: 0 })).body.error.message).toBe('大额刚性支出阈值至少1元');
    expect((await t.http.get(path).set('authorization', `Bearer ${token}`)).body.incomeLine).toBe(8050);
    const town = await t.login('townA');
    expect((await t.http.put(path).set('authorization', `Bearer ${town}`).send({ incomeLine: 1 })).status).toBe(403);
  });
});
