import { CLOSED_CASE, INVESTIGATING_CASE } from './support/cases';
import { harness, Harness, Node, tap, textOf } from './support/simulate';

let h: Harness;

beforeEach(() => {
  h = harness();
  h.server
    .on('POST', '/api/auth/wechat', { status: 200, body: { token: 'token-1', resident: { id: 7 } } })
    .on('GET', '/api/me/cases', { status: 200, body: { items: [INVESTIGATING_CASE, CLOSED_CASE] } })
    .on('GET', '/api/me/cases/41', { status: 200, body: INVESTIGATING_CASE })
    .on('GET', '/api/me/cases/12', { status: 200, body: CLOSED_CASE });
});

/** Each timeline step as "title|note", read from the rendered component. */
function timeline(page: Node): string[] {
  const component = page.querySelector('#timeline');
  if (!component) throw new Error('no timeline rendered');
  const text = (node: Node) => node.dom?.textContent?.trim() ?? '';
  const notes = component.querySelectorAll('.step-note').map(text);
  return component.querySelectorAll('.step-title').map((title, i) => `${text(title)}|${notes[i]}`);
}

test('my cases lists each declaration with where it stands, and opens one', async () => {
  const page = await h.open('pages/cases/index');

  expect(h.server.sent('GET', '/api/me/cases')[0].headers.Authorization).toBe('Bearer token-1');
  const first = textOf(page, '#case-41');
  for (const part of ['SB-2026-0041', '村干部已受理', '2026年3月2日申报 · 因病、因安全住房', '请准备好户口本和身份证']) {
    expect(first).toContain(part);
  }
  expect(textOf(page, '#case-12')).toContain('已办结');

  await tap(page, '#case-41');
  expect(h.wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/case-detail/index?id=41' }));
});

test('a case shows the seven steps in plain words, what is done, what is under way, and what comes next', async () => {
  const page = await h.open('pages/case-detail/index', { id: '41' });

  expect(timeline(page)).toEqual([
    '申报|2026年3月2日完成',
    '村干部受理|2026年3月3日完成',
    '入户核查|正在办',
    '村级评议|还没到',
    '公示|还没到',
    '乡镇审核|还没到',
    '县级确定|还没到',
  ]);
  expect(textOf(page, '#state-label')).toBe('村干部已受理');
  // The record, newest first, in the resident's words rather than staff labels.
  expect([0, 1, 2].map((i) => textOf(page, `#event-${i}`))).toEqual([
    '2026年3月3日村干部受理了',
    '2026年3月2日申报交给了村干部',
    '2026年3月2日您提交了申报',
  ]);
  expect(textOf(page, '#next')).toBe('村干部会两人一起到您家了解情况，请准备好户口本和身份证。');
});

test('a case closed after the visit marks the steps that never took place', async () => {
  const page = await h.open('pages/case-detail/index', { id: '12' });

  expect(timeline(page)).toEqual([
    '申报|2025年10月8日完成',
    '村干部受理|2025年10月9日完成',
    '入户核查|没有进行',
    '村级评议|没有进行',
    '公示|没有进行',
    '乡镇审核|没有进行',
    '县级确定|没有进行',
  ]);
  expect(textOf(page, '#next')).toBe('这件申报已经办结；以后有新困难可以再申报。');
});

test('a failed load says so in plain words and offers to try again', async () => {
  h.server.on('GET', '/api/me/cases/41', { status: 500, body: 'oops' });
  const page = await h.open('pages/case-detail/index', { id: '41' });
  expect(textOf(page, '#error')).toBe('系统忙，请稍后再试');

  h.server.on('GET', '/api/me/cases/41', { status: 200, body: INVESTIGATING_CASE });
  await tap(page, '#retry');
  expect(textOf(page, '#tracking-code')).toBe('SB-2026-0041');
});
