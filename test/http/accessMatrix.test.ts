import type Router from '@koa/router';
import ExcelJS from 'exceljs';
import type Koa from 'koa';
import { createHttpApp } from '../../src/http/app';
import { importCounties } from '../../src/services/regionImport';
import { addStaffUser } from '../../src/services/staffAdmin';
import { OutboxMessage, Region } from '../../src/store/entities';
import { validIdNumber } from '../support/ids';
import { createTestApp, declaration, DRIVERS, NOW, PASSWORD, PLACES, type TestApp } from '../support/testApp';

/**
 * The access matrix, generated from the router's own route table: every route × every kind of
 * caller that has no business with the objects it names — anonymous, the other resident, a cadre
 * of another village, a township of another town, the county of another county (and its town and
 * cadre), in-scope staff without the role a route needs — is refused (401/403/404) and changes
 * nothing. Ids are real objects of one county, town, village and resident. A route added tomorrow
 * is in the matrix at once: its path parameters say what it is about (PARAM_TARGETS), and a route
 * whose parameters or purpose the matrix cannot tell fails here until someone classifies it.
 */
jest.setTimeout(120_000);

const OTHER_COUNTY = '152222'; // 科尔沁右翼中旗, next to the test county
const MARKER_NAME = '乌兰图雅'; // the household of the foreign case: it must not show up anywhere foreign
const FILTER_NAME = '矩阵里的常用筛选';

/** Routes anyone may call, by design; each says why. Nothing else is public. */
const PUBLIC: Record<string, string> = {
  'GET /api/health': 'a load balancer probes it; it names no case or person',
  'GET /api/questionnaire': 'residents read the questionnaire before they have an account',
  'GET /api/regions': 'residents pick their village before they have an account',
  'GET /api/openapi.json': 'the API document, generated from the same schemas',
  'POST /api/auth/login': 'staff sign in',
  'POST /api/auth/session': 'staff sign in to the console',
  'DELETE /api/auth/session': 'signing out clears the caller’s own cookie, signed in or not',
  'POST /api/auth/wechat': 'residents sign in with wx.login',
  'POST /api/declarations': 'a household may declare without an account (the case is then not linked to one)',
  'GET /wechat/oa': 'WeChat’s server check, answered only with a valid signature',
  'POST /wechat/oa': 'WeChat’s push, accepted only with a valid signature',
};

type Caller = 'anonymous' | 'residentA' | 'residentB' | 'cadreA1' | 'cadreA1b' | 'cadreA2' | 'cadreB1' | 'townA' | 'townB' | 'county' | 'county2' | 'town2' | 'cadre2' | 'admin';
const STAFF: Caller[] = ['cadreA1', 'cadreA1b', 'cadreA2', 'cadreB1', 'townA', 'townB', 'county', 'county2', 'town2', 'cadre2', 'admin'];

/** What an object belongs to, and so who is foreign to it. */
type Target = 'case' | 'village' | 'county' | 'account' | 'savedFilter' | 'deadLetter';
/** Outside village A1 (the case's, in town A of the test county). */
const OUTSIDE_VILLAGE: Caller[] = ['cadreA2', 'cadreB1', 'townB', 'county2', 'town2', 'cadre2'];
const OUTSIDE_COUNTY: Caller[] = ['county2', 'town2', 'cadre2'];
const FOREIGN: Record<Target, Caller[]> = {
  case: OUTSIDE_VILLAGE,
  village: OUTSIDE_VILLAGE,
  county: OUTSIDE_COUNTY,
  account: OUTSIDE_COUNTY,
  deadLetter: OUTSIDE_COUNTY,
  // A saved filter is its owner's alone: their township, county and an admin are strangers to it.
  savedFilter: STAFF.filter((c) => c !== 'cadreA1'),
};
/** Who may see the object (a GET by them must answer 200: proof the ids are real). */
const OWNER: Record<Target, Caller> = { case: 'cadreA1', village: 'cadreA1', county: 'county', account: 'county', deadLetter: 'county', savedFilter: 'cadreA1' };

/** A path parameter, by the segment before it, names an object of this kind (or, for `year`, no scope). */
const PARAM_TARGETS: Record<string, Target | 'none'> = {
  'cases/:id': 'case',
  'villages/:code': 'village',
  'counties/:county': 'county',
  'staff/:username': 'account',
  'saved-filters/:id': 'savedFilter',
  'dead-letters/:id': 'deadLetter',
  'calendar/:year': 'none',
  'settings/:year': 'none',
};

/** Routes that name their object in the query or the body rather than the path. */
const OTHER_TARGETS: Record<string, Target[]> = {
  'GET /api/publicity-notice': ['village'],
  'GET /api/village-qr': ['village'],
  'POST /api/warning-imports/preview': ['county'],
  'POST /api/warning-imports': ['county'],
  'POST /api/cases': ['village'],
  'POST /api/bulk-actions': ['case'],
};

/** In scope but without the role: county staff and admins only. */
const COUNTY_ONLY: Caller[] = ['cadreA1', 'townA'];
const ROLE_LIMITED: Record<string, Caller[]> = {
  'GET /api/counties/:county/staff': COUNTY_ONLY,
  'POST /api/counties/:county/staff': COUNTY_ONLY,
  'GET /api/staff/:username/open-cases': COUNTY_ONLY,
  'PUT /api/staff/:username/active': COUNTY_ONLY,
  'PUT /api/villages/:code/office-phone': COUNTY_ONLY,
  'PUT /api/staff/:username/villages': COUNTY_ONLY,
  'POST /api/staff/:username/password': COUNTY_ONLY,
  'POST /api/staff/:username/bind-code': COUNTY_ONLY,
  'DELETE /api/staff/:username/chat-binding': COUNTY_ONLY,
  'PUT /api/counties/:county/settings/:year': COUNTY_ONLY,
  'PUT /api/counties/:county/campaigns': COUNTY_ONLY,
  'POST /api/counties/:county/campaigns/from-template': COUNTY_ONLY,
  'PUT /api/counties/:county/reminder-rules': COUNTY_ONLY,
  'GET /api/counties/:county/dead-letters': COUNTY_ONLY,
  'POST /api/counties/:county/dead-letters/:id/retry': COUNTY_ONLY,
  'POST /api/warning-imports/preview': COUNTY_ONLY,
  'POST /api/warning-imports': COUNTY_ONLY,
  // The holiday table is national: any county's staff enter it, nobody below.
  'PUT /api/calendar/:year': ['cadreA1', 'townA', 'cadreB1', 'townB', 'cadre2', 'town2'],
};

/**
 * Signed-in routes that name no object. `list`: each caller sees only their scope, so a foreign
 * caller's answer must not mention the foreign case (its owner's must: the check can fail).
 * `own`/`reference`: the caller's own data or words shared by all staff; only the wrong audience
 * and anonymous callers are refused.
 */
type Unscoped = { kind: 'list'; owner: Caller; foreign: Caller[] } | { kind: 'own' | 'reference'; why: string };
const UNSCOPED: Record<string, Unscoped> = {
  'GET /api/cases': { kind: 'list', owner: 'cadreA1', foreign: OUTSIDE_VILLAGE },
  'GET /api/cases/count': { kind: 'list', owner: 'cadreA1', foreign: OUTSIDE_VILLAGE },
  'GET /api/queue': { kind: 'list', owner: 'cadreA1', foreign: OUTSIDE_VILLAGE },
  'GET /api/overview': { kind: 'list', owner: 'cadreA1', foreign: OUTSIDE_VILLAGE },
  'GET /api/exports/cases.xlsx': { kind: 'list', owner: 'cadreA1', foreign: OUTSIDE_VILLAGE },
  'GET /api/inbox': { kind: 'list', owner: 'cadreA1', foreign: STAFF.filter((c) => c !== 'cadreA1') },
  'GET /api/saved-filters': { kind: 'list', owner: 'cadreA1', foreign: STAFF.filter((c) => c !== 'cadreA1') },
  'GET /api/me/cases': { kind: 'list', owner: 'residentA', foreign: ['residentB'] },
  'POST /api/saved-filters': { kind: 'own', why: 'saves a filter for the caller' },
  'POST /api/me/subscriptions': { kind: 'own', why: 'records the caller’s own opt-ins' },
  'GET /api/me/callback': { kind: 'own', why: 'the caller’s own contact details and their village committee’s phone' },
  'POST /api/me/callbacks': { kind: 'own', why: 'the caller asks for a call back to themselves' },
  'POST /api/me/phone': { kind: 'own', why: 'the caller’s own WeChat phone number' },
  'GET /api/auth/session': { kind: 'own', why: 'the caller’s own profile' },
  'GET /api/catalogues': { kind: 'reference', why: 'codes and labels' },
  'GET /api/catalogues/admin': { kind: 'reference', why: 'codes and labels' },
  'GET /api/calendar/:year': { kind: 'reference', why: 'the national holiday table' },
};

interface RouteKey {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
}

/** The routes as the router holds them (not as anyone listed them). */
function routeTable(koa: Koa): RouteKey[] {
  const router = (koa.middleware as { router?: Router }[]).find((m) => m.router)?.router;
  if (!router) throw new Error('no @koa/router in the app');
  const keys = new Map<string, RouteKey>();
  for (const layer of router.stack) {
    // A path given as a regular expression would hide its parameters from the matrix.
    if (typeof layer.path !== 'string') throw new Error(`a route with a RegExp path (${String(layer.path)}): give it a string path`);
    for (const method of layer.methods) {
      if (method === 'HEAD') continue; // @koa/router's automatic twin of each GET
      keys.set(`${method} ${layer.path}`, { method: method as RouteKey['method'], path: layer.path });
    }
  }
  return [...keys.values()];
}

const keyOf = (r: RouteKey) => `${r.method} ${r.path}`;
const paramsOf = (path: string) => [...path.matchAll(/([^/]+)\/:(\w+)/g)].map((m) => ({ key: `${m[1]}/:${m[2]}`, name: m[2] }));

describe.each(DRIVERS)('access matrix from the route table on %s', (driver) => {
  let t: TestApp;
  let routes: RouteKey[];
  const tokens: Partial<Record<Caller, string>> = {};
  const homeCounty: Partial<Record<Caller, string>> = { county2: OTHER_COUNTY, town2: OTHER_COUNTY, cadre2: OTHER_COUNTY };
  const fixture = { caseId: 0, version: 0, trackingCode: '', filterId: 0, deadLetterId: 0 };

  beforeAll(async () => {
    t = await createTestApp(driver, {
      // The Official Account's routes are mounted only when it is configured; they must be in the table.
      WECHAT_OA_APP_ID: 'wx-matrix',
      WECHAT_OA_APP_SECRET: 'matrix-secret',
      WECHAT_OA_TOKEN: 'matrixToken',
      WECHAT_API_BASE: 'http://127.0.0.1:9',
      // Village QR codes are drawn here from this link when the mini-program's credentials are not set.
      MP_QR_LINK: 'https://shenbao.example.gov.cn/mp/village',
    });
    routes = routeTable(createHttpApp(t.app));
    await importCounties(t.app.db.manager, [OTHER_COUNTY]);
    const town2 = await t.app.db.getRepository(Region).findOneOrFail({ where: { parentCode: OTHER_COUNTY, level: 'town' }, order: { code: 'ASC' } });
    const village2 = await t.app.db.getRepository(Region).findOneOrFail({ where: { parentCode: town2.code, level: 'village' }, order: { code: 'ASC' } });
    const add = (username: string, role: 'cadre' | 'township' | 'county' | 'admin', extra: { villages?: string[]; region?: string }) =>
      addStaffUser(t.app.db.manager, { username, password: PASSWORD, role, name: username, ...extra }, NOW);
    await add('county2', 'county', { region: OTHER_COUNTY });
    await add('town2', 'township', { region: town2.code });
    await add('cadre2', 'cadre', { villages: [village2.code] });
    await add('admin', 'admin', {});
    for (const user of STAFF) {
      const response = await t.http.post('/api/auth/login').send({ username: user, password: PASSWORD }).expect(200);
      tokens[user] = response.body.token;
    }
    for (const [caller, code] of [['residentA', 'demo:matrix-a'], ['residentB', 'demo:matrix-b']] as const) {
      tokens[caller] = (await t.http.post('/api/auth/wechat').send({ code }).expect(200)).body.token;
    }

    const declared = await t.http
      .post('/api/declarations')
      .set('authorization', `Bearer ${tokens.residentA}`)
      .send(declaration({}, { name: MARKER_NAME, idNumber: validIdNumber(777) }))
      .expect(201);
    fixture.caseId = declared.body.id;
    fixture.trackingCode = declared.body.trackingCode;
    fixture.version = 1;
    const outbox = t.app.db.getRepository(OutboxMessage);
    const [letter] = await outbox.findBy({ caseId: fixture.caseId, recipientType: 'staff' });
    await outbox.update(letter.id, { state: 'failed', attempts: 8, lastError: '工作人员未绑定微信' });
    fixture.deadLetterId = letter.id;
    const saved = await t.http.post('/api/saved-filters').set('authorization', `Bearer ${tokens.cadreA1}`).send({ name: FILTER_NAME, query: 'state=assigned' }).expect(201);
    fixture.filterId = saved.body.id;
  });
  afterAll(() => t.close());

  const VALUES: Record<Target, () => string> = {
    case: () => String(fixture.caseId),
    village: () => PLACES.villageA1,
    county: () => PLACES.county,
    account: () => 'cadreA1',
    savedFilter: () => String(fixture.filterId),
    deadLetter: () => String(fixture.deadLetterId),
  };
  const PARAM_VALUES: Record<string, () => string> = { 'calendar/:year': () => '2027', 'settings/:year': () => '2026' };

  /** Requests that would succeed for the object's owner: a refusal is then about who asks, not what. */
  const BODIES: Record<string, () => unknown> = {
    'POST /api/cases/:id/actions': () => ({ action: 'accept', version: fixture.version }),
    'POST /api/bulk-actions': () => ({ action: 'assign', cases: [{ id: fixture.caseId, version: fixture.version }], assigneeId: t.users.cadreA1b }),
    'POST /api/cases': () => declaration({}, { idNumber: validIdNumber(778) }),
    'POST /api/me/cases/:id/confirmation': () => ({ decision: 'confirm', version: fixture.version }),
    'POST /api/counties/:county/staff': () => ({ username: 'matrix-new', name: '新干部', villages: [PLACES.villageA1] }),
    'PUT /api/staff/:username/active': () => ({ active: false }),
    'PUT /api/villages/:code/office-phone': () => ({ officePhone: '0482-8821234' }),
    'PUT /api/staff/:username/villages': () => ({ villages: [{ code: PLACES.villageA2, primary: true }] }),
    'PUT /api/counties/:county/settings/:year': () => ({ incomeLine: 9000 }),
    'PUT /api/counties/:county/campaigns': () => ({ year: 2026, kind: 'autumn', name: '2026年度动态管理', milestones: [{ key: 'collection', name: '信息采集', date: '2026-11-30', measure: 'not_visited' }] }),
    'POST /api/counties/:county/campaigns/from-template': () => ({ kind: 'autumn', year: 2026 }),
    'PUT /api/counties/:county/reminder-rules': () => ({ rules: null }),
    'PUT /api/calendar/:year': () => ({ year: 2027, holidays: [{ name: '元旦', off: ['2027-01-01', '2027-01-03'] }] }),
  };
  const QUERIES: Record<string, () => string> = {
    'GET /api/publicity-notice': () => `?village=${PLACES.villageA1}`,
    'GET /api/village-qr': () => `?village=${PLACES.villageA1}`,
    'POST /api/warning-imports/preview': () => `?county=${PLACES.county}`,
    'POST /api/warning-imports': () => `?county=${PLACES.county}&token=${'a'.repeat(64)}`,
  };

  /** Every table but the region tree (too big to compare, written by no route), row by row. */
  async function fingerprint(): Promise<string> {
    const tables = t.app.db.entityMetadatas.map((m) => m.tableName).filter((name) => name !== 'regions').sort();
    const parts: string[] = [];
    for (const table of tables) parts.push(table, JSON.stringify(await t.app.db.query(`SELECT * FROM ${table} ORDER BY 1`)));
    return parts.join('\n');
  }

  function urlFor(route: RouteKey, countyOverride?: string): string {
    let url = route.path;
    for (const { key, name } of paramsOf(route.path)) {
      const target = PARAM_TARGETS[key];
      const value = name === 'county' && countyOverride ? countyOverride : target === 'none' || target === undefined ? PARAM_VALUES[key]?.() : VALUES[target]();
      url = url.replace(`:${name}`, encodeURIComponent(value ?? 'x'));
    }
    return url + (QUERIES[keyOf(route)]?.() ?? '');
  }

  let requests = 0;
  async function call(route: RouteKey, caller: Caller, url = urlFor(route)) {
    requests++;
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
    const request = t.http[method](url);
    if (caller !== 'anonymous') request.set('authorization', `Bearer ${tokens[caller]}`);
    const body = BODIES[keyOf(route)]?.();
    if (body !== undefined) request.send(body as object);
    if (!route.path.endsWith('.xlsx')) return request;
    // A workbook arrives as bytes; a refusal of the same route is still the JSON error.
    const response = await request.buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    if (response.type === 'application/json') response.body = JSON.parse((response.body as Buffer).toString('utf8'));
    return response;
  }

  /** What a response says, as text (a workbook's cells too), to look for the foreign case in it. */
  async function textOf(response: { body: unknown; text?: string }): Promise<string> {
    if (Buffer.isBuffer(response.body)) {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(response.body as unknown as ArrayBuffer);
      const cells: string[] = [];
      book.eachSheet((sheet) => sheet.eachRow((row) => cells.push(JSON.stringify(row.values))));
      return cells.join('\n');
    }
    return JSON.stringify(response.body);
  }

  function targetsOf(route: RouteKey): Target[] {
    const targets = paramsOf(route.path).flatMap(({ key }) => {
      const target = PARAM_TARGETS[key];
      if (target === undefined) throw new Error(`${keyOf(route)}: the matrix does not know what "${key}" names — add it to PARAM_TARGETS with a real object`);
      return target === 'none' ? [] : [target];
    });
    return [...new Set([...targets, ...(OTHER_TARGETS[keyOf(route)] ?? [])])];
  }

  it('finds the routes in the router, and every allow-list entry names a real route', () => {
    const keys = routes.map(keyOf);
    expect(keys.length).toBeGreaterThan(40);
    expect(keys).toEqual(expect.arrayContaining(['POST /api/cases/:id/actions', 'GET /api/me/cases/:id', 'POST /wechat/oa']));
    for (const listed of [...Object.keys(PUBLIC), ...Object.keys(UNSCOPED), ...Object.keys(OTHER_TARGETS), ...Object.keys(ROLE_LIMITED), ...Object.keys(BODIES), ...Object.keys(QUERIES)]) {
      expect(keys).toContain(listed);
    }
  });

  it('classifies every route: public with a reason, about an object, or a signed-in route that names none', () => {
    const unclassified = routes.filter((r) => !PUBLIC[keyOf(r)] && targetsOf(r).length === 0 && !UNSCOPED[keyOf(r)] && !ROLE_LIMITED[keyOf(r)]).map(keyOf);
    expect(unclassified).toEqual([]);
    const both = routes.filter((r) => targetsOf(r).length > 0 && UNSCOPED[keyOf(r)]).map(keyOf);
    expect(both).toEqual([]);
  });

  it('refuses every non-public route to every caller without a business there, and changes nothing', async () => {
    const wrong: string[] = [];
    const expectRefused = async (route: RouteKey, caller: Caller, statuses: number[], url?: string) => {
      const response = await call(route, caller, url);
      const refused = statuses.includes(response.status);
      const shaped = typeof response.body?.error?.code === 'string' && /[\u4e00-\u9fff]/.test(response.body?.error?.message ?? '');
      if (!refused || !shaped) wrong.push(`${keyOf(route)} as ${caller}${url ? ` (${url})` : ''}: ${response.status} ${JSON.stringify(response.body).slice(0, 160)}`);
    };

    for (const route of routes) {
      const key = keyOf(route);
      if (PUBLIC[key]) continue;
      const resident = route.path.startsWith('/api/me/');
      const before = await fingerprint();

      await expectRefused(route, 'anonymous', [401]);
      for (const caller of resident ? STAFF : (['residentA', 'residentB'] as Caller[])) await expectRefused(route, caller, [403]);

      const targets = targetsOf(route);
      if (resident && targets.length > 0) await expectRefused(route, 'residentB', [404]);
      if (!resident && (targets.length > 0 || ROLE_LIMITED[key])) {
        const foreign = new Set([...targets.flatMap((target) => FOREIGN[target]), ...(ROLE_LIMITED[key] ?? [])]);
        for (const caller of foreign) {
          if (key === 'POST /api/bulk-actions') {
            // Case by case: the request is fine, each foreign case is refused like a missing one.
            const response = await call(route, caller);
            if (response.status !== 200 || response.body.done !== 0 || response.body.results?.[0]?.code !== 'not_found') wrong.push(`${key} as ${caller}: ${response.status} ${JSON.stringify(response.body).slice(0, 160)}`);
            continue;
          }
          await expectRefused(route, caller, [403, 404]);
          // The caller's own county in the path, someone else's object after it: still refused.
          const own = homeCounty[caller];
          if (own && targets.includes('county') && targets.length > 1) await expectRefused(route, caller, [403, 404], urlFor(route, own));
        }
      }
      const unscoped = UNSCOPED[key];
      if (unscoped?.kind === 'list') {
        for (const caller of unscoped.foreign) {
          const response = await call(route, caller);
          const text = await textOf(response);
          const leaked = [fixture.trackingCode, MARKER_NAME, FILTER_NAME].filter((marker) => text.includes(marker));
          if (response.status !== 200 || leaked.length > 0 || response.body?.count > 0) wrong.push(`${key} as ${caller}: ${response.status}, shows ${leaked.join(', ') || `count ${response.body?.count}`}`);
        }
      }
      if ((await fingerprint()) !== before) wrong.push(`${key}: the data changed`);
    }
    expect(wrong).toEqual([]);
    // Every route times every caller: far more requests than routes, or the loops skipped something.
    expect(requests).toBeGreaterThan(routes.length * 4);
  });

  it('answers the owners of the same objects (the ids are real)', async () => {
    const wrong: string[] = [];
    for (const route of routes.filter((r) => r.method === 'GET' && !PUBLIC[keyOf(r)])) {
      const key = keyOf(route);
      const targets = targetsOf(route);
      const unscoped = UNSCOPED[key];
      const owner = route.path.startsWith('/api/me/') ? 'residentA' : unscoped?.kind === 'list' ? unscoped.owner : targets.length ? OWNER[targets[0]] : 'cadreA1';
      const response = await call(route, owner);
      const text = await textOf(response);
      const sees = unscoped?.kind === 'list' ? (key === 'GET /api/saved-filters' ? text.includes(FILTER_NAME) : key === 'GET /api/cases/count' ? response.body.count === 1 : text.includes(fixture.trackingCode)) : true;
      if (response.status !== 200 || !sees) wrong.push(`${key} as ${owner}: ${response.status} ${text.slice(0, 160)}`);
    }
    expect(wrong).toEqual([]);
  });
});
