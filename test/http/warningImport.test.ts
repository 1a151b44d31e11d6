import { importCounties } from '../../src/services/regionImport';
import { Case, CaseEvent, DepartmentWarning, OutboxMessage, Region } from '../../src/store/entities';
import { caseSteps } from '../support/caseSteps';
import { validIdNumber } from '../support/ids';
import { createLogger } from '../../src/logger';
import { addStaffUser } from '../../src/services/staffAdmin';
import { createTestApp, declaration, DRIVERS, NOW, PASSWORD, PLACES, rowCounts, type TestApp } from '../support/testApp';
import { gbkCsv, utf8BomCsv, xlsxFile, type SheetCell } from '../support/warningFiles';

jest.setTimeout(60_000);

type User = Parameters<TestApp['login']>[0];
interface Row {
  line: number;
  name: string;
  idNumber: string;
  status: string;
  message: string;
  riskTypes: string[];
  department: string;
  village: { code: string; name: string } | null;
  case: { id: number; trackingCode: string; assignee?: string | null } | null;
}

/** Same 17 digits, another check character: the typo a county makes. */
const wrongCheck = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

const ID = { zhang: validIdNumber(11), li: validIdNumber(12), zhao: validIdNumber(13), open: validIdNumber(14), wu: validIdNumber(15), zhou: validIdNumber(16) };
const HEADER = ['序号', '户主姓名', '身份证号码', '所在村', '预警原因', '推送部门'];

/** The medical-insurance bureau's list with one of every problem, as xlsx under a title row. */
const LIST: SheetCell[][] = [
  HEADER,
  [1, '张三丰', ID.zhang, '兴科居委会', '医保自费支出1万元以上', '县医保局'],
  [2, '李四', ID.li, '索伦镇联发嘎查3组', '新增残疾人', '县残联'],
  [3, '王五', wrongCheck(validIdNumber(17)), '兴科居委会', '大病户', '县医保局'],
  [4, '赵六', ID.zhao, '桃花源村', '危房户', '县住建局'],
  [5, '张三丰', ID.zhang, '兴科居委会', '住院自付费用高', '县医保局'],
  [6, '钱七', ID.open, '兴科居委会', '大病户', '县医保局'],
  // An 18-digit number typed into a General cell: Excel keeps 15 significant digits.
  [7, '孙八', 152221197001010011, '兴科居委会', '大病户', '县医保局'],
  [8, '周九', ID.zhou, PLACES.villageNoCadre, '危房户（C级）', '县住建局'],
  [9, '吴十', ID.wu, '联合嘎查', '低保边缘户', '县民政局'],
];

describe.each(DRIVERS)('部门筛查预警 import on %s', (driver) => {
  let t: TestApp;
  let steps: ReturnType<typeof caseSteps>;
  let list: Buffer;
  beforeAll(async () => {
    t = await createTestApp(driver);
    steps = caseSteps(t);
    list = await xlsxFile(LIST, '2026年11月医保自费支出1万元以上人员名单');
    // 钱七 declared last week: the department's warning joins that case.
    await t.http.post('/api/declarations').send(declaration({}, { name: '钱七', idNumber: ID.open })).expect(201);
  });
  afterAll(() => t.close());

  const query = (params: Record<string, string | undefined>) => {
    const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
    return search.size ? `?${search}` : '';
  };
  async function send(path: string, file: Buffer, params: Record<string, string | undefined>, user: User, status: number) {
    const response = await t.http
      .post(`${path}${query(params)}`)
      .set('authorization', `Bearer ${await steps.token(user)}`)
      .set('content-type', 'application/octet-stream')
      .send(file);
    if (response.status !== status) throw new Error(`${path}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }
  const preview = (file: Buffer, params: Record<string, string | undefined> = {}, user: User = 'county', status = 200) => send('/api/warning-imports/preview', file, params, user, status);
  const commit = (file: Buffer, token: string, params: Record<string, string | undefined> = {}, user: User = 'county', status = 200) =>
    send('/api/warning-imports', file, { ...params, token }, user, status);
  const byLine = (rows: Row[]) => new Map(rows.map((r) => [r.line, r]));
  const warnings = () => t.app.db.getRepository(DepartmentWarning).count();

  it('previews every row of an xlsx under a title row, checked, and writes nothing', async () => {
    const before = { ...(await rowCounts(t.app)), warnings: await warnings() };
    const body = await preview(list);
    expect(body).toMatchObject({
      format: 'xlsx',
      county: { code: PLACES.county, name: '科尔沁右翼前旗' },
      columns: { name: '户主姓名', idNumber: '身份证号码', village: '所在村', reason: '预警原因', department: '推送部门' },
      counts: { ready: 3, invalid: 5, open: 1, imported: 0 },
      token: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const rows = byLine(body.rows);
    // Lines as the spreadsheet numbers them: the title is row 1, the header row 2.
    expect(rows.get(3)).toMatchObject({ name: '张三丰', status: 'ready', riskTypes: ['illness'], village: { code: PLACES.villageA1 }, department: '县医保局' });
    expect(rows.get(4)).toMatchObject({ status: 'ready', riskTypes: ['disability'], village: { code: PLACES.villageB1, name: '联发嘎查' } });
    expect(rows.get(5)).toMatchObject({ status: 'invalid', message: '身份证号有一位不对，请对照身份证一位一位再看一下' });
    expect(rows.get(6)).toMatchObject({ status: 'invalid', message: '本县没有找到“桃花源村”这个村，请写村名或12位村代码' });
    expect(rows.get(7)).toMatchObject({ status: 'invalid', message: '与第3行是同一个人（身份证号相同），同一人请写在一行' });
    const open = rows.get(8) as Row;
    expect(open).toMatchObject({ status: 'open', case: { trackingCode: expect.stringMatching(/^\d{8}$/) } });
    expect(open.message).toBe(`已有在办案件 ${open.case?.trackingCode}：导入时关联到该案件，不另建案`);
    expect(rows.get(9)?.message).toContain('身份证号被Excel存成了数字');
    expect(rows.get(10)).toMatchObject({ status: 'ready', riskTypes: ['housing'], village: { code: PLACES.villageNoCadre } });
    expect(rows.get(11)?.message).toMatch(/^“联合嘎查”有2个同名的村（索伦镇联合嘎查、.+联合嘎查），请写上乡镇名或村代码$/);
    // ID numbers come back masked only.
    expect(rows.get(3)?.idNumber).toBe(`${ID.zhang.slice(0, 4)}**********${ID.zhang.slice(-4)}`);
    expect(JSON.stringify(body)).not.toContain(ID.zhang);
    expect({ ...(await rowCounts(t.app)), warnings: await warnings() }).toEqual(before);
  });

  it('reads a GBK CSV (as Excel in China saves it) and a UTF-8 one with BOM, header words as departments write them', async () => {
    const rows: SheetCell[][] = [
      ['姓名', '身份证号', '村', '原因'],
      ['巴图', validIdNumber(21), '科尔沁镇兴科社区', '教育资助对象'],
      ['其其格', validIdNumber(22), '索伦镇联合嘎查', '收入不增反降'],
    ];
    const gbk = await preview(gbkCsv(rows), { department: '县教育局' });
    expect(gbk).toMatchObject({ format: 'csv', encoding: 'gb18030', columns: { name: '姓名', idNumber: '身份证号', village: '村', reason: '原因' }, counts: { ready: 2, invalid: 0 } });
    expect(gbk.rows.map((r: Row) => [r.line, r.name, r.village?.code, r.riskTypes, r.department])).toEqual([
      [2, '巴图', PLACES.villageA1, ['schooling'], '县教育局'],
      [3, '其其格', PLACES.villageNoCadre, ['other'], '县教育局'],
    ]);
    // The same bytes read as UTF-8 would be mojibake: the names prove the decoding.
    const bom = await preview(utf8BomCsv([['户主姓名', '身份证号码', '所在村', '风险类型', '来源部门'], ['巴图', validIdNumber(21), PLACES.villageA1, '因学', '县教育局']]));
    expect(bom).toMatchObject({ encoding: 'utf-8', columns: { name: '户主姓名', department: '来源部门' }, rows: [{ name: '巴图', status: 'ready', riskTypes: ['schooling'] }] });
    // Without a department column or one named for the file, each row says what is missing.
    const nameless = await preview(gbkCsv(rows));
    expect(nameless.rows[0]).toMatchObject({ status: 'invalid', message: '没有写来源部门（文件里没有这一列时，请在上传时填写）' });
  });

  it('refuses a file it cannot take, in one Chinese sentence', async () => {
    const missing = await preview(gbkCsv([['姓名', '所在村', '原因'], ['巴图', '兴科居委会', '大病']]), {}, 'county', 400);
    expect(missing.error.message).toBe('文件缺少“身份证号”列（列名可以是：身份证号、身份证号码、户主身份证号、户主身份证号码、公民身份号码、身份证、证件号码、证件号）。请在第一行写上列名后重新上传');
    const many: SheetCell[][] = [['姓名', '身份证号', '村', '原因', '来源']];
    // Distinct people: a sequence of 1,000 a birthday.
    for (let i = 0; i < 5001; i++) many.push(['巴图', validIdNumber(i % 1000, `1980010${1 + Math.floor(i / 1000)}`), '兴科居委会', '大病', '县医保局']);
    expect((await preview(gbkCsv(many), {}, 'county', 400)).error.message).toBe('一次最多导入5,000行，请把名单分成几个文件上传');
    // 5,000 is still one file.
    expect((await preview(gbkCsv(many.slice(0, 5001)))).counts).toEqual({ ready: 5000, invalid: 0, open: 0, imported: 0 });
    expect((await preview(Buffer.alloc(5 * 1024 * 1024 + 1, 0x41), {}, 'county', 413)).error.message).toBe('文件太大了（最多5MB），请把名单分成几个文件上传');
    expect((await preview(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), {}, 'county', 400)).error.message).toContain('旧版Excel（.xls）');
    expect((await preview(Buffer.from('PK\u0003\u0004 not really a zip'), {}, 'county', 400)).error.message).toContain('读不出这个Excel文件');
    expect((await preview(gbkCsv([['姓名', '身份证号', '村', '原因']]), {}, 'county', 400)).error.message).toBe('名单里只有列名，没有人员');
    const json = await t.http.post('/api/warning-imports/preview').set('authorization', `Bearer ${await steps.token('county')}`).send({ file: 'x' }).expect(415);
    expect(json.body.error.code).toBe('unsupported_media');
  });

  it('is for county staff only, on their own county', async () => {
    expect((await preview(list, {}, 'townA', 403)).error.message).toBe('只有县级工作人员或管理员可以导入部门预警名单');
    expect((await preview(list, {}, 'cadreA1', 403)).error.code).toBe('forbidden');
    expect((await commit(list, '0'.repeat(64), {}, 'townB', 403)).error.code).toBe('forbidden');
    expect((await preview(list, { county: '152222' }, 'county', 403)).error.message).toBe('只能导入本县的名单');
    await t.http.post('/api/warning-imports/preview').set('content-type', 'application/octet-stream').send(list).expect(401);
  });

  it('lets an admin import for the county they name', async () => {
    await addStaffUser(t.app.db.manager, { username: 'admin1', password: PASSWORD, role: 'admin', name: '管理员' }, NOW);
    const admin = (await t.http.post('/api/auth/login').send({ username: 'admin1', password: PASSWORD }).expect(200)).body.token as string;
    const as = (county?: string) => t.http.post(`/api/warning-imports/preview${query({ county })}`).set('authorization', `Bearer ${admin}`).set('content-type', 'application/octet-stream').send(list);
    expect((await as()).body.error.message).toBe('请指定导入到哪个县（county：6位县代码）');
    expect((await as('999999')).status).toBe(404);
    expect((await as(PLACES.county)).body.counts).toEqual({ ready: 3, invalid: 5, open: 1, imported: 0 });
  });

  it('imports what was previewed: cases marked 部门筛查预警, routed to the village cadre, audited; the open case linked, not doubled', async () => {
    const { token } = await preview(list);
    // A file, or a department, other than the one previewed is refused.
    expect((await commit(list, 'f'.repeat(64), {}, 'county', 409)).error.code).toBe('stale_preview');
    expect((await commit(list, token, { department: '县医保局' }, 'county', 409)).error.message).toBe('文件和预览时的不一致，请重新选择文件预览后再导入');

    const before = await rowCounts(t.app);
    const logged: string[] = [];
    const quiet = t.app.logger;
    t.app.logger = createLogger('info', { write: (line: string) => void logged.push(line) });
    const done = await commit(list, token).finally(() => (t.app.logger = quiet));
    expect(done.counts).toEqual({ created: 3, linked: 1, invalid: 5, imported: 0 });
    // The import is logged by its counts; no ID number or name of the list reaches the log.
    expect(logged.map((line) => JSON.parse(line).msg)).toContain('department warnings imported');
    for (const words of [ID.zhang, ID.li, '张三丰']) expect(logged.join('')).not.toContain(words);
    const rows = byLine(done.rows);
    expect(rows.get(3)).toMatchObject({ status: 'created', case: { assignee: 'cadreA1' } });
    expect(rows.get(3)?.message).toBe(`已建案 ${rows.get(3)?.case?.trackingCode}，已交村干部cadreA1核实`);
    expect(rows.get(4)).toMatchObject({ status: 'created', case: { assignee: 'cadreB1' } });
    expect(rows.get(10)).toMatchObject({ status: 'created', case: { assignee: null } });
    expect(rows.get(8)).toMatchObject({ status: 'linked' });
    expect((await rowCounts(t.app)).cases).toBe(before.cases + 3);

    const zhang = await steps.detail('cadreA1', rows.get(3)?.case?.id as number);
    expect(zhang).toMatchObject({
      intakeMethod: 'department_warning',
      intakeMethodLabel: '部门筛查预警',
      state: 'assigned',
      assignee: { id: t.users.cadreA1 },
      applicantName: '张三丰',
      riskTypes: ['illness'],
      householdSize: 0,
      annualIncome: 0,
      phone: '',
      dueAt: expect.any(String),
    });
    expect(zhang.events.map((e: { action: string; label: string; note: string; actorRole: string }) => [e.action, e.label, e.note, e.actorRole])).toEqual([
      ['department_warning', '部门筛查预警', '县医保局预警：医保自费支出1万元以上', 'county'],
    ]);
    // The cadre is told as for any case, in the queue and in chat.
    const queue = await t.http.get('/api/queue').set('authorization', `Bearer ${await steps.token('cadreA1')}`).expect(200);
    expect(queue.body.items.map((c: { id: number }) => c.id)).toContain(zhang.id);
    expect(await t.app.db.getRepository(OutboxMessage).findOneBy({ caseId: zhang.id, recipientType: 'staff', recipientId: t.users.cadreA1 })).toMatchObject({ kind: 'case_assigned' });
    // A village nobody answers for goes to the township to route.
    const zhou = await steps.detail('townB', rows.get(10)?.case?.id as number);
    expect(zhou).toMatchObject({ state: 'submitted', needsRouting: true, riskTypes: ['housing'], intakeMethod: 'department_warning' });
    expect(await t.app.db.getRepository(OutboxMessage).findOneBy({ caseId: zhou.id, recipientId: t.users.townB })).toMatchObject({ kind: 'case_needs_routing' });

    // 钱七's open case: one case still, the warning in its trail.
    const open = rows.get(8)?.case?.id as number;
    expect(await t.app.db.getRepository(Case).countBy({ idNumberHash: t.app.crypto.lookupHash(ID.open) })).toBe(1);
    const linked = await t.app.db.getRepository(CaseEvent).findOneByOrFail({ caseId: open, action: 'warning_linked' });
    expect(linked).toMatchObject({ actorType: 'staff', actorId: t.users.county, note: '县医保局预警：大病户' });
    expect((await steps.detail('county', open)).events.map((e: { label: string }) => e.label)).toContain('部门预警（已有在办案件）');

    // Encrypted at rest like every ID number; the warnings hold only the keyed hash.
    const stored = await t.app.db.getRepository(Case).findOneByOrFail({ id: zhang.id });
    expect(stored.idNumberEnc).not.toContain(ID.zhang);
    expect(t.app.crypto.decrypt(stored.idNumberEnc as string)).toBe(ID.zhang);
    const records = await t.app.db.getRepository(DepartmentWarning).find({ order: { id: 'ASC' } });
    expect(records.map((w) => [w.caseId, w.outcome, w.department])).toEqual([
      [zhang.id, 'created', '县医保局'],
      [rows.get(4)?.case?.id, 'created', '县残联'],
      [open, 'linked', '县医保局'],
      [zhou.id, 'created', '县住建局'],
    ]);
    expect(JSON.stringify(records)).not.toContain(ID.zhang);
  });

  it('creates nothing twice: the same list again is 已导入过, even once the case is closed, until next year', async () => {
    const before = await rowCounts(t.app);
    const again = await preview(list);
    expect(again.counts).toEqual({ ready: 0, invalid: 5, open: 0, imported: 4 });
    const zhang = byLine(again.rows).get(3) as Row;
    expect(zhang.message).toBe(`已导入过（案件 ${zhang.case?.trackingCode}），不再重复建案`);
    expect((await commit(list, again.token)).counts).toEqual({ created: 0, linked: 0, invalid: 5, imported: 4 });
    expect(await rowCounts(t.app)).toEqual(before);

    await steps.act('cadreA1', zhang.case?.id as number, { action: 'close', reason: 'withdrawn' });
    expect(byLine((await preview(list)).rows).get(3)?.status).toBe('imported');
    // Another department's warning about the same person is new; so is next year's list.
    const civil = await preview(gbkCsv([['姓名', '身份证号', '村', '原因', '来源'], ['张三丰', ID.zhang, '兴科居委会', '医保自费支出1万元以上', '县民政局']]));
    expect(civil.rows[0]).toMatchObject({ status: 'ready' });
    t.clock.now = new Date('2027-01-04T02:00:00.000Z');
    try {
      expect(byLine((await preview(list)).rows).get(3)?.status).toBe('ready');
    } finally {
      t.clock.now = NOW;
    }
  });

  it('keeps its word when two uploads of one list race', async () => {
    const file = gbkCsv([['姓名', '身份证号', '村', '原因', '来源'], ...[31, 32, 33].map((n) => [`户主${n}`, validIdNumber(n), '兴科居委会', '大病户', '县医保局'])]);
    const { token } = await preview(file);
    const before = (await rowCounts(t.app)).cases;
    const results = await Promise.all([commit(file, token), commit(file, token)]);
    expect(results.reduce((n, r) => n + r.counts.created, 0)).toBe(3);
    expect(results.reduce((n, r) => n + r.counts.imported, 0)).toBe(3);
    expect((await rowCounts(t.app)).cases).toBe(before + 3);
  });

  it("neither doubles nor shows another county's open case", async () => {
    await importCounties(t.app.db.manager, ['152222']);
    const elsewhere = await t.app.db.getRepository(Region).findOneByOrFail({ countyCode: '152222', level: 'village' });
    const declared = await t.http.post('/api/declarations').send(declaration({}, { idNumber: validIdNumber(41), villageCode: elsewhere.code })).expect(201);
    const body = await preview(gbkCsv([['姓名', '身份证号', '村', '原因', '来源'], ['巴特尔', validIdNumber(41), '兴科居委会', '大病户', '县医保局']]));
    expect(body.rows[0]).toMatchObject({ status: 'invalid', message: '这户在外县已有在办案件，请与该县联系', case: null });
    expect(JSON.stringify(body)).not.toContain(declared.body.trackingCode);
  });
});
