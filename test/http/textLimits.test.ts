import { MAX_HELP_FIRST, MAX_OBJECTIONS } from '../../src/domain/textLimits';
import { ruleOf } from '../../src/domain/workflow';
import { Case, CaseEvent } from '../../src/store/entities';
import { caseSteps, reviewForm, visitForm } from '../support/caseSteps';
import { maximalInput } from '../support/maximalInput';
import { createTestApp, declaration, DRIVERS, rowCounts, type TestApp } from '../support/testApp';

const at = (iso: string) => new Date(`${iso}+08:00`);
const HIDDEN = /不能含有控制字符或不可见字符$/;

/** One of each class of character a name must not hold. */
const FORBIDDEN: [string, string][] = [
  ['terminal escape', '\u0007\b\u001b[31m'],
  ['C1 control', '巴\u009b尔'],
  ['line break', '巴特\n尔'],
  ['right-to-left override', '巴特\u202e尔'],
  ['isolate', '巴\u2066特尔\u2069'],
  ['zero-width space', '巴\u200b特尔'],
  ['zero-width joiner', '巴\u200d特尔'],
  ['word joiner', '巴\u2060特尔'],
  ['byte order mark', '巴\ufeff特尔'],
];

/**
 * Stored strings are bounded and clean on both databases: MariaDB's TEXT columns hold 65,535
 * bytes (a long visit once overflowed one: a 500), SQLite would keep anything.
 */
describe.each(DRIVERS)('size limits and hidden characters over the API on %s', (driver) => {
  let t: TestApp;
  let steps: ReturnType<typeof caseSteps>;

  beforeAll(async () => {
    t = await createTestApp(driver);
    steps = caseSteps(t);
  });
  afterAll(() => t.close());
  beforeEach(() => {
    t.clock.now = at('2026-11-26T10:00:00');
  });

  /** A case the cadre has accepted: the visit is next. */
  async function accepted() {
    const c = await steps.declare({ hardships: ['illness'] });
    await steps.act('cadreA1', c.id, { action: 'accept' });
    return c.id;
  }

  const unchanged = async (id: number, version: number, events: number) => {
    const stored = await t.app.db.getRepository(Case).findOneByOrFail({ id });
    expect({ version: stored.version, visit: stored.visit }).toEqual({ version, visit: null });
    expect(await t.app.db.getRepository(CaseEvent).countBy({ caseId: id })).toBe(events);
  };

  it('a visit with very long visitor names and free text is refused in the one error shape, and nothing changes', async () => {
    const id = await accepted();
    const { version } = await steps.detail('cadreA1', id);
    const events = await t.app.db.getRepository(CaseEvent).countBy({ caseId: id });
    // ~50 KB of 3-byte characters: under the 64 KB body limit, far over what the columns hold.
    const long = visitForm({ visitors: ['张'.repeat(3_000), '王'.repeat(3_000)], note: '记'.repeat(10_000), otherRisk: '风'.repeat(1_000) });
    const token = await steps.token('cadreA1');
    const response = await t.http.post(`/api/cases/${id}/actions`).set('authorization', `Bearer ${token}`).send({ version, ...long });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: { code: 'validation_failed', message: '核查人姓名最多20个字', details: { field: 'visitors.0' } } });
    await unchanged(id, version, events);

    // Within each limit but more names than a visit has: still refused, still unchanged.
    const many = await t.http.post(`/api/cases/${id}/actions`).set('authorization', `Bearer ${token}`).send({ version, ...visitForm({ visitors: ['张明', '王强', '李芳', '赵刚', '孙丽'] }) });
    expect(many.status).toBe(400);
    expect(many.body.error).toEqual({ code: 'validation_failed', message: '核查人最多4名', details: { field: 'visitors' } });
    await unchanged(id, version, events);
  });

  it.each(FORBIDDEN)('a visitor name with a %s is refused', async (_label, name) => {
    const id = await accepted();
    const { version } = await steps.detail('cadreA1', id);
    const events = await t.app.db.getRepository(CaseEvent).countBy({ caseId: id });
    const body = await steps.act('cadreA1', id, visitForm({ visitors: ['张明', name] }), 400);
    expect(body.error).toMatchObject({ code: 'validation_failed', details: { field: 'visitors.1' } });
    expect(body.error.message).toMatch(HIDDEN);
    await unchanged(id, version, events);
  });

  it.each(FORBIDDEN)('a declaration whose applicant or proxy name has a %s is refused and writes nothing', async (_label, name) => {
    const before = await rowCounts(t.app);
    const applicant = await t.http.post('/api/declarations').send(declaration({}, { name })).expect(400);
    expect(applicant.body).toEqual({ error: { code: 'validation_failed', message: '户主姓名不能含有控制字符或不可见字符', details: { field: 'applicant.name' } } });
    const proxy = await t.http.post('/api/declarations').send(declaration({ proxy: { name, relation: '儿子', phone: '13912345679' } })).expect(400);
    expect(proxy.body).toEqual({ error: { code: 'validation_failed', message: '代申报人姓名不能含有控制字符或不可见字符', details: { field: 'proxy.name' } } });
    expect(await rowCounts(t.app)).toEqual(before);
  });

  it('free text keeps its line breaks but refuses a bidi override', async () => {
    const id = await accepted();
    const refused = await steps.act('cadreA1', id, visitForm({ note: '收入\u202e核实过了' }), 400);
    expect(refused.error).toEqual({ code: 'validation_failed', message: '备注不能含有控制字符或不可见字符', details: { field: 'note' } });
    const kept = await steps.act('cadreA1', id, visitForm({ note: '收入核实过了\n住房另行查看' }));
    expect(kept.state).toBe('confirming');
  });

  it('the largest visit, 20 objections with their answers and 20 先行帮扶 all fit; one more is refused', async () => {
    const id = await accepted();
    // Every field of the 核查认定表 at its limit, in 3-byte characters: MariaDB keeps it all.
    const { value } = maximalInput(ruleOf('record_visit').input);
    const largest: Record<string, unknown> = { ...(value as Record<string, unknown>), verifiedRiskTypes: ['illness', 'other'] };
    const visited = await steps.act('cadreA1', id, { action: 'record_visit', ...largest });
    expect(visited.visit.visitors).toEqual(largest.visitors);
    expect(visited.visit.note).toBe(largest.note);

    await steps.act('cadreA1', id, { action: 'record_signature', signedOn: '2026-11-25' });
    await steps.act('cadreA1', id, reviewForm({ meetingOn: '2026-11-25' }));
    await steps.act('cadreA1', id, { action: 'start_publicity', startsOn: '2026-11-26', place: '村'.repeat(100) });
    const objection = { action: 'record_objection', raisedBy: '邻'.repeat(20), content: '异'.repeat(300), receivedOn: '2026-11-26' };
    for (let i = 0; i < MAX_OBJECTIONS; i++) await steps.act('cadreA1', id, objection);
    for (let no = 1; no <= MAX_OBJECTIONS; no++) await steps.act('cadreA1', id, { action: 'answer_objection', no, finding: 'unfounded', answer: '答'.repeat(300) });
    const full = await steps.detail('cadreA1', id);
    expect(full.publicity.objections).toHaveLength(MAX_OBJECTIONS);

    const events = await t.app.db.getRepository(CaseEvent).countBy({ caseId: id });
    const more = await steps.act('cadreA1', id, objection, 400);
    expect(more.error).toEqual({ code: 'validation_failed', message: `一次公示最多登记${MAX_OBJECTIONS}条异议，请把同类意见合并登记`, details: { field: 'content' } });
    expect((await steps.detail('cadreA1', id)).version).toBe(full.version);
    expect(await t.app.db.getRepository(CaseEvent).countBy({ caseId: id })).toBe(events);

    // 先行帮扶 is for urgent cases; this one is not, so the list's bound is checked on one that is.
    const urgent = await steps.declare({ hardships: ['water'], details: { waterProblem: 1 } });
    const help = { action: 'help_first', what: '帮'.repeat(100), givenOn: '2026-11-26', amount: 10_000_000, note: '注'.repeat(500) };
    for (let i = 0; i < MAX_HELP_FIRST; i++) await steps.act('townA', urgent.id, help);
    const helped = await steps.detail('townA', urgent.id);
    expect(helped.helpFirst).toHaveLength(MAX_HELP_FIRST);
    const refused = await steps.act('townA', urgent.id, help, 400);
    expect(refused.error.message).toBe(`一件申报最多登记${MAX_HELP_FIRST}次先行帮扶，请把同类帮扶合并登记`);
  });
});
