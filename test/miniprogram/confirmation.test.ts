import type { ResidentCase } from '../../miniprogram/services/cases/types';
import type { SentRequest } from './support/fakeServer';
import { CONFIRMED_CASE, CONFIRMING_CASE, INVESTIGATING_CASE, OBJECTED_CASE, recordLines, REVISITED_CASE, STALE_VERSION, VISIT_SUMMARY } from './support/cases';
import { harness, Harness, Node, settle, tap, textOf, type } from './support/simulate';

/** The household's answer to the visit summary (双签字) on the case page. */
let h: Harness;

/** Declared here: importing the module's own type would pull wx-typed files into the root tsconfig. */
interface AnswerConfirmationModule {
  answerConfirmation(id: number, version: number, answer: { decision: 'confirm' } | { decision: 'object'; words: string }): Promise<ResidentCase>;
}
const CONFIRMATION = '/api/me/cases/43/confirmation';

beforeEach(() => {
  h = harness();
  h.server
    .on('POST', '/api/auth/wechat', { status: 200, body: { token: 'token-1', resident: { id: 7 } } })
    .on('GET', '/api/me/cases/41', { status: 200, body: INVESTIGATING_CASE })
    .on('GET', '/api/me/cases/43', { status: 200, body: CONFIRMING_CASE });
});

const summaryOnScreen = (page: Node) => page.querySelectorAll('.summary-line').map((n) => n.dom?.textContent?.trim());
const stepNotes = (page: Node) => page.querySelector('#timeline')?.querySelectorAll('.step-note').map((n) => n.dom?.textContent?.trim());
const records = (page: Node) => page.querySelectorAll('.event').map((n) => n.dom?.textContent?.replace(/\s+/g, ''));

test('while the visit waits for the household, the page shows its summary in plain words and two big answers', async () => {
  const page = await h.open('pages/case-detail/index', { id: '43' });

  expect(textOf(page, '#state-label')).toBe(CONFIRMING_CASE.stateLabel);
  expect(summaryOnScreen(page)).toEqual(VISIT_SUMMARY);
  expect(textOf(page, '#confirm')).toBe('确认无误');
  expect(textOf(page, '#object')).toBe('有不同意见');
  expect(textOf(page, '#confirmation')).toContain('就等于您在核查认定表上签了字');
  // The box for words appears only once the household says something is wrong.
  expect(page.querySelector('#objection-input')).toBeUndefined();
});

test('with nothing to confirm there is no summary and no answer buttons', async () => {
  const page = await h.open('pages/case-detail/index', { id: '41' });

  expect(textOf(page, '#tracking-code')).toBe('2026 0041');
  for (const id of ['#confirmation', '#confirm', '#object', '#objection-input']) expect(page.querySelector(id)).toBeUndefined();
});

test('确认无误 sends the version read and shows the case as it now stands', async () => {
  h.server.on('POST', CONFIRMATION, { status: 200, body: CONFIRMED_CASE });
  const page = await h.open('pages/case-detail/index', { id: '43' });

  await tap(page, '#confirm');

  const sent = h.server.sent('POST', CONFIRMATION);
  expect(sent.map((r) => r.body)).toEqual([{ decision: 'confirm', version: 5 }]);
  expect(sent[0].headers.Authorization).toBe('Bearer token-1');
  expect(textOf(page, '#notice')).toBe('已经确认，谢谢您。');
  // The page now shows the server's reply: its state words, steps and record.
  expect(textOf(page, '#state-label')).toBe(CONFIRMED_CASE.stateLabel);
  expect(textOf(page, '#next')).toBe(CONFIRMED_CASE.next);
  expect(stepNotes(page)).toEqual(CONFIRMED_CASE.timeline.steps.map((s) => s.note));
  expect(records(page)).toEqual(recordLines(CONFIRMED_CASE));
  expect(page.querySelector('#confirmation')).toBeUndefined();
  expect(h.wx.pageScrollTo).toHaveBeenCalled();
});

test('a second tap while the answer is on its way sends nothing more', async () => {
  h.server.on('POST', CONFIRMATION, { status: 200, body: CONFIRMED_CASE });
  const page = await h.open('pages/case-detail/index', { id: '43' });

  const button = page.querySelector('#confirm')!;
  button.dispatchEvent('tap');
  button.dispatchEvent('tap');
  await settle();

  expect(h.server.sent('POST', CONFIRMATION)).toHaveLength(1);
  expect(textOf(page, '#state-label')).toBe(CONFIRMED_CASE.stateLabel);
});

test('有不同意见 asks for the household’s words, will not send without them, then sends them', async () => {
  h.server.on('POST', CONFIRMATION, { status: 200, body: OBJECTED_CASE });
  const page = await h.open('pages/case-detail/index', { id: '43' });

  await tap(page, '#object');
  // One thing at a time: the box and its send button replace the two answers.
  expect(page.querySelector('#objection-input')).toBeDefined();
  expect(page.querySelector('#confirm')).toBeUndefined();
  expect(textOf(page, '#confirmation')).toContain('哪里不对？请写几句话');
  expect(summaryOnScreen(page)).toEqual(VISIT_SUMMARY);

  await tap(page, '#send-objection');
  expect(textOf(page, '#answer-error')).toBe('请写上哪里不对，至少写两个字。');
  await type(page, '#objection-input', '  少 ');
  await tap(page, '#send-objection');
  expect(textOf(page, '#answer-error')).toBe('请写上哪里不对，至少写两个字。');
  expect(h.server.sent('POST', CONFIRMATION)).toHaveLength(0);

  await type(page, '#objection-input', ' 打工收入没有八千，只有三千 ');
  expect(textOf(page, '#answer-error')).toBe('');
  await tap(page, '#send-objection');

  expect(h.server.sent('POST', CONFIRMATION).map((r) => r.body)).toEqual([{ decision: 'object', words: '打工收入没有八千，只有三千', version: 5 }]);
  expect(textOf(page, '#notice')).toBe('您的意见已经交给村干部，村干部会再和您核实。');
  expect(textOf(page, '#state-label')).toBe(OBJECTED_CASE.stateLabel);
  expect(records(page)).toEqual(recordLines(OBJECTED_CASE));
  expect(page.querySelector('#confirmation')).toBeUndefined();
});

test('返回 from the words box goes back to the two answers', async () => {
  const page = await h.open('pages/case-detail/index', { id: '43' });
  await tap(page, '#object');
  await tap(page, '#cancel-objection');

  expect(textOf(page, '#confirm')).toBe('确认无误');
  expect(page.querySelector('#objection-input')).toBeUndefined();
});

test('when the case changed meanwhile (409), the page reloads it, says so plainly, and answers with the new version', async () => {
  h.server.on('POST', CONFIRMATION, STALE_VERSION);
  const page = await h.open('pages/case-detail/index', { id: '43' });
  // While the household was reading, the cadre recorded the visit again.
  h.server.on('GET', '/api/me/cases/43', { status: 200, body: REVISITED_CASE });

  await tap(page, '#confirm');

  expect(h.server.sent('GET', '/api/me/cases/43')).toHaveLength(2);
  expect(textOf(page, '#notice')).toBe('这件申报刚刚有了新变化，下面已经是最新的情况，请再看一下。');
  // Not the staff words "请刷新": the page has refreshed by itself.
  expect(textOf(page, '#notice')).not.toContain('刷新');
  expect(summaryOnScreen(page)).toEqual(REVISITED_CASE.confirmation!.summary);
  expect(textOf(page, '#confirm')).toBe('确认无误');

  h.server.on('POST', CONFIRMATION, { status: 200, body: { ...CONFIRMED_CASE, version: 8 } });
  await tap(page, '#confirm');
  expect(h.server.sent('POST', CONFIRMATION).map((r) => (r.body as { version: number }).version)).toEqual([5, 7]);
  expect(textOf(page, '#notice')).toBe('已经确认，谢谢您。');
});

test('a 409 after the case moved on without them shows where it is now, with nothing left to answer', async () => {
  h.server.on('POST', CONFIRMATION, STALE_VERSION);
  const page = await h.open('pages/case-detail/index', { id: '43' });
  await tap(page, '#object');
  await type(page, '#objection-input', '收入记多了');
  h.server.on('GET', '/api/me/cases/43', { status: 200, body: CONFIRMED_CASE });

  await tap(page, '#send-objection');

  expect(textOf(page, '#notice')).toBe('这件申报刚刚有了新变化，下面已经是最新的情况，请再看一下。');
  expect(textOf(page, '#state-label')).toBe(CONFIRMED_CASE.stateLabel);
  expect(page.querySelector('#confirmation')).toBeUndefined();
});

test('another refusal keeps the words typed and shows the server’s message where the household is looking', async () => {
  h.server.on('POST', CONFIRMATION, { status: 422, body: { error: { code: 'invalid_input', message: '您的意见不能含有控制字符或不可见字符' } } });
  const page = await h.open('pages/case-detail/index', { id: '43' });
  await tap(page, '#object');
  await type(page, '#objection-input', '收入记多了');
  await tap(page, '#send-objection');

  expect(textOf(page, '#answer-error')).toBe('您的意见不能含有控制字符或不可见字符');
  expect(page.data.words).toBe('收入记多了');
  expect(textOf(page, '#send-objection')).toBe('把意见交给村干部');
  expect(page.querySelector('#notice')).toBeUndefined();
});

test('answerConfirmation logs in again on a 401 and retries once with the same answer', async () => {
  h.wx.storage.set('shenbao.token', 'expired-token');
  h.server.on('POST', CONFIRMATION, (req: SentRequest) =>
    req.headers.Authorization === 'Bearer token-1' ? { status: 200, body: CONFIRMED_CASE } : { status: 401, body: { error: { code: 'unauthorized', message: '请重新登录' } } },
  );
  const { answerConfirmation } = h.load<AnswerConfirmationModule>('services/cases/answerConfirmation');

  const now = await answerConfirmation(43, 5, { decision: 'object', words: '收入记多了' });

  expect(now.state).toBe('village_review');
  const sent = h.server.sent('POST', CONFIRMATION);
  expect(sent.map((r) => r.headers.Authorization)).toEqual(['Bearer expired-token', 'Bearer token-1']);
  expect(sent.map((r) => r.body)).toEqual([
    { decision: 'object', words: '收入记多了', version: 5 },
    { decision: 'object', words: '收入记多了', version: 5 },
  ]);
});
