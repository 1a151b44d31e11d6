import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CASE_ACTIONS, CASE_STATES, RESIDENT_CLOSE_REASONS, RESIDENT_STAGES, ruleOf, STATE_INFO } from '../../../src/domain/workflow';

/**
 * Issue 13, item 9: residents read what happens in plain words. Office terms they are not
 * expected to know stay out of every text written for them: the state words, the seven steps,
 * the timeline, the notices the rule table writes, and the mini-program's own pages.
 */
const JARGON = ['待分派', '待受理', '纳入', '工作日', '评议', '县级确定', '编号'];

const offending = (texts: string[]) => texts.flatMap((text) => JARGON.filter((word) => text.includes(word)).map((word) => `${word} in “${text}”`));

describe('what residents read', () => {
  it('the state words and the seven steps', () => {
    const texts = [...CASE_STATES.flatMap((s) => [STATE_INFO[s].residentLabel, STATE_INFO[s].residentNext]), ...RESIDENT_STAGES, ...Object.values(RESIDENT_CLOSE_REASONS)];
    expect(texts.length).toBeGreaterThan(20);
    expect(offending(texts)).toEqual([]);
  });

  it('the timeline words of every action, for passing and failing data', () => {
    const texts = CASE_ACTIONS.flatMap((action) => {
      const words = ruleOf(action).resident;
      if (words === null) return [];
      if (typeof words === 'string') return [words];
      return [{ result: 'pass' }, { result: 'fail' }, { reason: 'withdrawn' }, { what: '送米面油' }].map((data) => words(data));
    });
    expect(texts.length).toBeGreaterThan(15);
    expect(offending(texts)).toEqual([]);
  });

  it('the notices the rule table writes for the household (residentText)', () => {
    const source = readFileSync(resolve(__dirname, '../../../src/domain/workflow/rules.ts'), 'utf8');
    const texts = [...source.matchAll(/residentText:\s*([^\n]+)/g)].map((m) => m[1]);
    expect(texts.length).toBeGreaterThan(6);
    expect(offending(texts)).toEqual([]);
  });

  it('the mini-program’s own pages and components', () => {
    const root = resolve(__dirname, '../../../miniprogram');
    const files = ['pages', 'components'].flatMap((top) =>
      readdirSync(join(root, top)).flatMap((dir) => ['index.wxml', 'index.ts'].map((f) => join(root, top, dir, f))),
    );
    // Chinese runs in markup and in string literals; comments are for developers.
    const texts = files.flatMap((file) => {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '').replace(/<!--[\s\S]*?-->/g, '');
      return code.match(/[^\s'"`<>{}]*[\u4e00-\u9fff][^'"`<>{}\n]*/g) ?? [];
    });
    expect(texts.length).toBeGreaterThan(50);
    expect(offending(texts)).toEqual([]);
  });
});
