import { declarationSchema } from '../../src/domain/declaration';
import { answersToPayload as serverAnswersToPayload, QUESTIONNAIRE } from '../../src/domain/questionnaire';
import { answerSelfDeclaration, choose, chooseMany, fill, onScreen, pickVillageByTown, villagePicker } from './support/declareSteps';
import { serveDeclarationApi, servedDefinition, TOWN, VALID_ID, VILLAGE } from './support/fixtures';
import { harness, Harness, tap, textOf, type } from './support/simulate';

const DRAFT_KEY = 'shenbao.declareDraft';
let h: Harness;

beforeEach(() => {
  h = harness();
  serveDeclarationApi(h.server);
});

const submitted = () => h.server.sent('POST', '/api/declarations');

test('renders the questions the server serves, not a copy of its own', async () => {
  const definition = servedDefinition();
  definition.intro = '旗里改过的开场白';
  definition.questions[0].tap.text = '同意村里核实吗？';
  definition.questions[0].options![1].label = '替家里人报';
  h.server.on('GET', '/api/questionnaire', { status: 200, body: definition });

  const page = await h.open('pages/declare/index');

  expect(h.server.sent('GET', '/api/questionnaire')).toHaveLength(1);
  expect(textOf(page, '#intro')).toBe('旗里改过的开场白');
  expect(textOf(page, '#question-text')).toBe('同意村里核实吗？');
  expect(textOf(page, '#option-2')).toBe('2替家里人报');
  expect(textOf(page, '#progress-text')).toBe('第 1 题，共 7 题');
});

test('asks follow-ups only for the hardships chosen', async () => {
  const page = await h.open('pages/declare/index');
  await choose(page, '1');
  await pickVillageByTown(page);
  await fill(page, '巴特尔');
  await fill(page, VALID_ID);
  await fill(page, '13912345678');
  await fill(page, '4');
  expect(onScreen(page)).toBe('hardships');

  await chooseMany(page, ['illness']);
  expect(onScreen(page)).toBe('medicalOutOfPocket');
  await fill(page, '12000');
  expect(onScreen(page)).toBe('income');

  // Back to the hardship list and add schooling: its two follow-ups now come after illness's.
  await tap(page, '#back');
  await tap(page, '#back');
  expect(onScreen(page)).toBe('hardships');
  expect(page.data.options.filter((o: { selected: boolean }) => o.selected).map((o: { value: string }) => o.value)).toEqual(['illness']);
  await chooseMany(page, ['schooling']);
  expect(onScreen(page)).toBe('medicalOutOfPocket');
  expect(page.data.inputValue).toBe('12000');
  await tap(page, '#next');
  expect(onScreen(page)).toBe('dropout');
  await choose(page, '2');
  expect(onScreen(page)).toBe('students');
});

test('a wrong ID number or phone number shows a plain hint and nothing moves or is sent', async () => {
  const page = await h.open('pages/declare/index');
  await choose(page, '1');
  await pickVillageByTown(page);
  await fill(page, '巴特尔');

  const badCheckDigit = VALID_ID.slice(0, 17) + '5';
  await fill(page, badCheckDigit);
  expect(onScreen(page)).toBe('idNumber');
  expect(textOf(page, '#hint')).toBe('身份证号有一位不对，请对照身份证一位一位再看一下');

  await fill(page, '15222319680315');
  expect(textOf(page, '#hint')).toBe('身份证号应为18位，您填了14位');

  // Typing again clears the hint; a lower-case x is accepted as X.
  await type(page, '#answer-input', '15222319900101123x');
  expect(textOf(page, '#hint')).toBe('');
  await tap(page, '#next');
  expect(onScreen(page)).toBe('phone');

  await fill(page, '1391234567');
  expect(textOf(page, '#hint')).toBe('手机号应为11位，您填了10位');
  await fill(page, '12912345678');
  expect(textOf(page, '#hint')).toBe('手机号应以13到19开头，请再看一下');
  expect(onScreen(page)).toBe('phone');

  expect(submitted()).toHaveLength(0);
  const draft = h.wx.storage.get(DRAFT_KEY) as { answers: Record<string, unknown> };
  expect(draft.answers.idNumber).toBe('15222319900101123X');
  expect(draft.answers.phone).toBeUndefined();
});

test('back always works: one question back with the answer kept, and off the page from the first question', async () => {
  const page = await h.open('pages/declare/index');
  await choose(page, '1');
  await pickVillageByTown(page);
  expect(onScreen(page)).toBe('name');
  await tap(page, '#back');
  expect(onScreen(page)).toBe('village');
  expect(textOf(villagePicker(page), '#village-picked')).toBe('已选：联发嘎查');

  await tap(page, '#back');
  expect(onScreen(page)).toBe('start');
  expect(page.data.options[0].selected).toBe(true);
  expect(h.wx.navigateBack).not.toHaveBeenCalled();
  await tap(page, '#back');
  expect(h.wx.navigateBack).toHaveBeenCalledTimes(1);
});

test('the village list of a town can be left for another town', async () => {
  const page = await h.open('pages/declare/index');
  await choose(page, '1');
  const picker = villagePicker(page);
  await tap(picker, `#town-${TOWN.code}`);
  expect(textOf(picker, `#village-${VILLAGE.code}`)).toBe('联发嘎查');
  await tap(picker, '#change-town');
  expect(picker.querySelector(`#village-${VILLAGE.code}`)).toBeUndefined();
  expect(textOf(picker, `#town-${TOWN.code}`)).toBe('音德尔镇');
  expect(onScreen(page)).toBe('village');
});

test('a closed app resumes the draft on the same question with earlier answers kept', async () => {
  const first = await h.open('pages/declare/index');
  await choose(first, '1');
  await pickVillageByTown(first);
  await fill(first, '巴特尔');
  await fill(first, VALID_ID);
  expect(onScreen(first)).toBe('phone');

  // A new page instance over the same phone storage: what WeChat gives after a restart.
  const again = await h.open('pages/declare/index');
  expect(onScreen(again)).toBe('phone');
  expect(textOf(again, '#progress-text')).toBe('第 5 题，共 8 题');
  await tap(again, '#back');
  expect(onScreen(again)).toBe('idNumber');
  expect(again.data.inputValue).toBe(VALID_ID);
});

test('the summary lists the answers and submit sends the canonical payload', async () => {
  const page = await h.open('pages/declare/index');
  await answerSelfDeclaration(page, VALID_ID);

  expect(page.data.phase).toBe('summary');
  expect(page.data.summary.map((r: { label: string; value: string }) => `${r.label}:${r.value}`)).toEqual([
    '申报方式:给自己家申报',
    '村:联发嘎查',
    '户主:巴特尔',
    `身份证号:${VALID_ID}`,
    '电话:13912345678',
    '家庭人口:4',
    '困难:家里有人得了大病、慢性病，看病花钱多',
    '看病自付:12000元',
    '去年收入:1万到2万',
  ]);

  await tap(page, '#submit');

  expect(submitted()).toHaveLength(1);
  const [request] = submitted();
  expect(request.headers.Authorization).toBe('Bearer token-1');
  expect(request.body).toEqual({
    consent: true,
    proxy: null,
    applicant: { villageCode: VILLAGE.code, name: '巴特尔', idNumber: VALID_ID, phone: '13912345678' },
    householdSize: 4,
    hardships: ['illness'],
    details: { medicalOutOfPocket: 12000, incomeBracket: 2 },
    annualIncome: 15000,
  });
  // The server's own schema accepts it, and the server's builder makes the same payload.
  expect(declarationSchema.safeParse(request.body).success).toBe(true);
  expect(h.wx.storage.has(DRAFT_KEY)).toBe(false); // the draft is gone once the server has the declaration
  expect(request.body).toEqual(
    serverAnswersToPayload(QUESTIONNAIRE, {
      start: '1',
      village: VILLAGE.code,
      name: '巴特尔',
      idNumber: VALID_ID,
      phone: '13912345678',
      household: 4,
      hardships: ['illness'],
      medicalOutOfPocket: 12000,
      income: '2',
    }),
  );
  expect(h.wx.redirectTo).toHaveBeenCalledWith(
    expect.objectContaining({ url: '/pages/result/index?id=41&trackingCode=20260041&urgent=0&assignee=%E7%8E%8B%E8%8A%B3' }),
  );
});

test('帮家人申报 opens with "2" chosen, asks for the helper, and sends the proxy', async () => {
  const page = await h.open('pages/declare/index', { mode: 'family' });
  expect(onScreen(page)).toBe('start');
  expect(page.data.options.map((o: { selected: boolean }) => o.selected)).toEqual([false, true, false]);

  await tap(page, '#next');
  expect(onScreen(page)).toBe('proxy');
  await type(page, '#proxy-name', '李明');
  await tap(page, '#next');
  expect(textOf(page, '#hint')).toBe('请写您是户主的什么人，例如：儿子');
  await type(page, '#proxy-relation', '儿子');
  await tap(page, '#next');
  await fill(page, '13800001111');

  // Search by part of the name instead of town → village.
  const picker = villagePicker(page);
  await type(picker, '#village-search', '联发');
  await tap(picker, '#village-search-button');
  expect(h.server.sent('GET', '/api/regions').at(-1)?.query).toEqual({ q: '联发' });
  expect(textOf(picker, `#result-${VILLAGE.code}`)).toBe('联发嘎查（音德尔镇）');
  await tap(picker, `#result-${VILLAGE.code}`);

  await fill(page, '李桂兰');
  await fill(page, VALID_ID);
  expect(onScreen(page)).toBe('household'); // the helper's phone already reaches the family
  await fill(page, '2');
  await chooseMany(page, ['housing']);
  await choose(page, '1');
  await choose(page, '1');
  await tap(page, '#submit');

  expect(submitted()[0].body).toEqual({
    consent: true,
    proxy: { name: '李明', relation: '儿子', phone: '13800001111' },
    applicant: { villageCode: VILLAGE.code, name: '李桂兰', idNumber: VALID_ID, phone: '13800001111' },
    householdSize: 2,
    hardships: ['housing'],
    details: { housingDanger: 1, incomeBracket: 1 },
    annualIncome: 5000,
  });
});

test('a refused submission shows the server message as it is and keeps the draft', async () => {
  h.server.on('POST', '/api/declarations', { status: 422, body: { error: { code: 'invalid', message: '身份证号不正确，请核对（18位，最后一位可能是X）' } } });
  const page = await h.open('pages/declare/index');
  await answerSelfDeclaration(page, VALID_ID);
  await tap(page, '#submit');

  expect(textOf(page, '#submit-error')).toBe('身份证号不正确，请核对（18位，最后一位可能是X）');
  expect(page.data.phase).toBe('summary');
  expect(h.wx.storage.get(DRAFT_KEY)).toBeDefined();
  expect(h.wx.redirectTo).not.toHaveBeenCalled();
});

test('a household whose case is open: the declaration is kept on it, and the result page gets only the server\'s plain words', async () => {
  const message = '已收到，村干部会一并核实';
  h.server.on('POST', '/api/declarations', { status: 202, body: { outcome: 'reported', message } });
  const page = await h.open('pages/declare/index');
  await answerSelfDeclaration(page, VALID_ID);
  await tap(page, '#submit');

  expect(textOf(page, '#submit-error')).toBe('');
  expect(h.wx.storage.has(DRAFT_KEY)).toBe(false);
  expect(h.wx.redirectTo).toHaveBeenCalledWith(expect.objectContaining({ url: `/pages/result/index?reported=1&message=${encodeURIComponent(message)}` }));
});

test('修改 from the summary goes to that question and comes straight back', async () => {
  const page = await h.open('pages/declare/index');
  await answerSelfDeclaration(page, VALID_ID);
  await tap(page, '#edit-household');
  expect(onScreen(page)).toBe('household');
  await fill(page, '5');
  expect(page.data.phase).toBe('summary');
  expect(page.data.summary.find((r: { id: string }) => r.id === 'household').value).toBe('5');
});

test('不报了 ends without sending anything and forgets the draft', async () => {
  const page = await h.open('pages/declare/index');
  await choose(page, '3');
  expect(page.data.phase).toBe('ended');
  expect(submitted()).toHaveLength(0);
  expect(h.wx.storage.has(DRAFT_KEY)).toBe(false);
});
