import { QUESTIONNAIRE } from '../../src/domain/questionnaire';
import { choose, fill, onScreen, pickVillageByTown } from './support/declareSteps';
import { serveDeclarationApi, VALID_ID } from './support/fixtures';
import { harness, Harness, textOf } from './support/simulate';

/**
 * The mini-program shows each question in its tap wording (issue 13): a question on the first
 * screen with the consent under it, and no chat instructions — no digits to reply, no spaces
 * between answers, no "李明 儿子" over two separate boxes.
 */
let h: Harness;

beforeEach(() => {
  h = harness();
  serveDeclarationApi(h.server);
});

/** What only makes sense when typing into a chat. */
const CHAT_ONLY = /回复|用空格|空一格|例如：1|例如：李明/;

test('every question has tap wording free of chat instructions', () => {
  for (const q of QUESTIONNAIRE.questions) {
    expect(q.tap.text).not.toMatch(CHAT_ONLY);
    expect(q.tap.hint).not.toMatch(CHAT_ONLY);
  }
});

test('the first screen asks a question, with the consent under it', async () => {
  const page = await h.open('pages/declare/index');
  expect(textOf(page, '#question-text')).toBe('这次给谁家申报？');
  expect(textOf(page, '#question-note')).toContain('就是同意村里核实家庭收入和财产');
});

test('the proxy question reads as two boxes to fill, not "李明 儿子"', async () => {
  const page = await h.open('pages/declare/index');
  await choose(page, '2');
  expect(onScreen(page)).toBe('proxy');
  expect(textOf(page, '#question-text')).toBe('您的名字，和您是户主的什么人？');
  expect(textOf(page, '#question-note')).toBe('');
});

test('the village and the hardship list read as taps, not as chat', async () => {
  const self = await h.open('pages/declare/index');
  await choose(self, '1');
  expect(textOf(self, '#question-text')).toBe('您家是哪个村（嘎查）？');
  await pickVillageByTown(self);
  await fill(self, '巴特尔');
  await fill(self, VALID_ID);
  await fill(self, '13912345678');
  await fill(self, '4');
  expect(onScreen(self)).toBe('hardships');
  expect(textOf(self, '#question-text')).toBe('家里最近遇到了什么困难？可以选几项');
  // Tick boxes show the whole option, not the chat's short list line.
  expect(textOf(self, '#option-illness')).toContain('家里有人得了大病、慢性病，看病花钱多');
});
