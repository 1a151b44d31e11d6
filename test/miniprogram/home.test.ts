import { serveDeclarationApi } from './support/fixtures';
import { harness, Harness, tap, textOf } from './support/simulate';

let h: Harness;
beforeEach(() => {
  h = harness();
});

test('three big choices lead to the right pages; 帮家人申报 opens the declaration in family mode', async () => {
  const page = await h.open('pages/home/index');
  expect([textOf(page, '#declare-self'), textOf(page, '#declare-family'), textOf(page, '#my-cases')]).toEqual(['我要申报', '帮家人申报', '我的申报']);

  await tap(page, '#declare-self');
  await tap(page, '#declare-family');
  await tap(page, '#my-cases');
  expect(h.wx.navigateTo.mock.calls.map(([options]) => options.url)).toEqual([
    '/pages/declare/index',
    '/pages/declare/index?mode=family',
    '/pages/cases/index',
  ]);
});

test('the national hotline 12317 is shown and dialled on tap', async () => {
  const page = await h.open('pages/home/index');
  expect(textOf(page, '.contact')).toContain('12317');
  await tap(page, '.contact');
  expect(h.wx.makePhoneCall).toHaveBeenCalledWith(expect.objectContaining({ phoneNumber: '12317' }));
});

test('an unfinished declaration is pointed out, but only once something was answered', async () => {
  serveDeclarationApi(h.server);
  const declare = await h.open('pages/declare/index');
  expect(declare.data.phase).toBe('question');
  expect(h.wx.storage.has('shenbao.declareDraft')).toBe(false);

  expect(textOf(await h.open('pages/home/index'), '#draft-note')).toBe('');
  h.wx.storage.set('shenbao.declareDraft', { version: '2026.1', answers: { start: '1' }, at: 'village', villageName: '', savedAt: 1 });
  expect(textOf(await h.open('pages/home/index'), '#draft-note')).toContain('上次还没填完');
});
