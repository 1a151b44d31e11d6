import { chinaDate } from '../../src/domain/calendar';
import { caseSteps, reviewForm, visitForm } from '../support/caseSteps';
import { validIdNumber } from '../support/ids';
import { createTestApp, DRIVERS, NOW, PLACES, type TestApp } from '../support/testApp';

jest.setTimeout(30_000);

const at = (iso: string) => new Date(`${iso}+08:00`);
const PHONE = '13912345678';

/**
 * GET /api/publicity-notice: the village board's 拟纳入名单公示 — who is in publicity in one
 * village, with nothing a public notice must not carry.
 */
describe.each(DRIVERS)('the publicity notice on %s', (driver) => {
  let t: TestApp;
  let steps: ReturnType<typeof caseSteps>;
  const ids = { first: validIdNumber(801), second: validIdNumber(802), reviewing: validIdNumber(803), otherVillage: validIdNumber(804) };
  const cases: Record<keyof typeof ids, number> = { first: 0, second: 0, reviewing: 0, otherVillage: 0 };

  /** A case walked as the village's cadre would, to 村级评议 or on into 公示. */
  async function walk(key: keyof typeof ids, name: string, village: string, cadre: 'cadreA1' | 'cadreA2', until: 'village_review' | 'publicity', visit = {}, review = {}) {
    t.clock.now = NOW;
    const { id } = await steps.declare({}, { name, idNumber: ids[key], villageCode: village });
    cases[key] = id;
    await steps.act(cadre, id, { action: 'accept' });
    t.clock.now = at('2026-11-24T16:00:00');
    await steps.act(cadre, id, visitForm(visit));
    await steps.act(cadre, id, { action: 'record_signature', signedOn: '2026-11-24' });
    t.clock.now = at('2026-11-25T15:00:00');
    await steps.act(cadre, id, reviewForm(review));
    if (until === 'publicity') await steps.act(cadre, id, { action: 'start_publicity', startsOn: '2026-11-26', place: '村委会公示栏' });
  }

  beforeAll(async () => {
    t = await createTestApp(driver);
    steps = caseSteps(t);
    await walk('first', '巴特尔', PLACES.villageA1, 'cadreA1', 'publicity');
    // The visit found a fifth member: the notice shows the verified size, not the declared one.
    await walk('second', '其木格', PLACES.villageA1, 'cadreA1', 'publicity', { householdSize: 5 }, { proposedType: 'edge' });
    // A consumer car is a 不得纳入 category; the cadre went on with a written reason.
    const car = { assets: { company: false, urbanProperty: false, consumerCar: true }, conclusion: 'proceed', overrideReason: '车辆为农用三轮车，已核实' };
    await walk('reviewing', '还在评议', PLACES.villageA1, 'cadreA1', 'village_review', car);
    await walk('otherVillage', '别村户', PLACES.villageA2, 'cadreA2', 'publicity');
    t.clock.now = at('2026-11-27T10:00:00');
  });
  afterAll(() => t.close());

  const notice = async (user: Parameters<TestApp['login']>[0], query: string, status = 200) =>
    (await t.http.get(`/api/publicity-notice${query}`).set('authorization', `Bearer ${await steps.token(user)}`).expect(status)).body;

  it('lists the village’s households in publicity with the window the domain stored', async () => {
    const body = await notice('cadreA1', `?village=${PLACES.villageA1}`);
    expect(body.village).toEqual({ code: PLACES.villageA1, name: '兴科居委会', committee: '兴科居委会' });
    expect(body.town).toEqual({ code: PLACES.townA, name: '科尔沁镇' });
    expect(body.items.map((i: { caseId: number }) => i.caseId)).toEqual([cases.first, cases.second]);
    expect(body.items[0]).toEqual({
      caseId: cases.first,
      headOfHousehold: '巴特尔',
      householdSize: 4,
      proposedType: 'sudden',
      proposedTypeLabel: '突发严重困难户',
      // Thu 11-26 + 5 working days (Thu, Fri, Mon, Tue, Wed) ends on Wed 12-02.
      startsOn: '2026-11-26',
      endsOn: '2026-12-02',
      days: 5,
      unit: 'working',
      provisional: false,
      place: '村委会公示栏',
    });
    expect(body.items[1]).toMatchObject({ headOfHousehold: '其木格', householdSize: 5, proposedTypeLabel: '边缘易致贫户' });
    // The end is the stored one: the case's own publicity record says the same day.
    const detail = await steps.detail('cadreA1', cases.first);
    expect(chinaDate(new Date(detail.publicity.endsAt))).toBe(body.items[0].endsOn);
    expect(body.period).toEqual({ startsOn: '2026-11-26', endsOn: '2026-12-02' });
    expect(body.objections).toEqual({ cadres: [{ name: 'cadreA1' }, { name: 'cadreA1b' }], township: '科尔沁镇', hotline: { name: '全国防返贫监测帮扶热线', phone: '12317' } });
  });

  it('carries no ID number, no household phone and no hardship detail', async () => {
    const text = JSON.stringify(await notice('county', `?village=${PLACES.villageA1}`));
    expect(text).toContain('巴特尔');
    for (const id of Object.values(ids)) expect(text).not.toContain(id);
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain('139****5678');
    expect(text).not.toMatch(/\d{17}[\dX]/);
    expect(text).not.toMatch(/idNumber|phoneMasked/);
    // The one number on the notice is the hotline.
    expect(text.match(/"phone":"[^"]*"/g)).toEqual(['"phone":"12317"']);
    expect(text).not.toMatch(/因病|riskType|income|medical/);
  });

  it('answers for the township and the county too, and is empty for a village with nobody in publicity', async () => {
    expect((await notice('townA', `?village=${PLACES.villageA2}`)).items.map((i: { headOfHousehold: string }) => i.headOfHousehold)).toEqual(['别村户']);
    expect((await notice('county', `?village=${PLACES.villageA1}`)).items).toHaveLength(2);
    const empty = await notice('townB', `?village=${PLACES.villageNoCadre}`);
    expect(empty).toMatchObject({ items: [], period: null, objections: { cadres: [], township: '索伦镇' } });
  });

  it('answers a village outside the user’s scope exactly like one that does not exist', async () => {
    const outside = await notice('townB', `?village=${PLACES.villageA1}`, 404);
    expect(outside).toEqual({ error: { code: 'not_found', message: '没有找到这个村' } });
    expect(await notice('cadreA1', `?village=${PLACES.villageA2}`, 404)).toEqual(outside);
    expect(await notice('cadreA2', `?village=${PLACES.villageB1}`, 404)).toEqual(outside);
    expect(await notice('county', '?village=152221999999', 404)).toEqual(outside);
    // A town's code padded to twelve digits is no village either.
    expect(await notice('county', `?village=${PLACES.townA}000`, 404)).toEqual(outside);
  });

  it('refuses a bad village code in Chinese, and strangers', async () => {
    expect((await notice('county', '?village=15222110000', 400)).error.message).toBe('村代码应为12位');
    expect((await notice('county', `?village=${encodeURIComponent('兴科')}`, 400)).error.message).toBe('村代码应为12位');
    expect((await notice('county', '', 400)).error.message).toBe('请选择村');
    const stranger = await t.http.get(`/api/publicity-notice?village=${PLACES.villageA1}`).expect(401);
    expect(stranger.body.error.message).toBe('请先登录');
  });

  it('gives the case detail the form’s tick boxes and a masked phone for the print-out', async () => {
    const detail = await steps.detail('townA', cases.first);
    expect(detail.phoneMasked).toBe('139****5678');
    const ticked = (list: { label: string; ticked: boolean }[]) => list.filter((c) => c.ticked).map((c) => c.label);
    expect(detail.checklists.intakeMethods).toHaveLength(3);
    expect(ticked(detail.checklists.intakeMethods)).toEqual(['农牧户自主申报']);
    expect(detail.checklists.verifiedRiskTypes).toHaveLength(12);
    expect(ticked(detail.checklists.verifiedRiskTypes)).toEqual(['因病']);
    expect(detail.checklists.assets.map((c: { label: string }) => c.label)).toEqual(['有企业', '有商品房', '有消费车辆', '其他资产']);
    expect(ticked(detail.checklists.assets)).toEqual([]);
    expect(detail.checklists.exclusions).toHaveLength(10);
    expect(ticked(detail.checklists.exclusions)).toEqual([]);
    expect(ticked(detail.checklists.proposedTypes)).toEqual(['突发严重困难户']);
    const withCar = (await steps.detail('townA', cases.reviewing)).checklists;
    expect(ticked(withCar.assets)).toEqual(['有消费车辆']);
    expect(ticked(withCar.exclusions)).toEqual(['购买了消费型汽车']);
  });
});
