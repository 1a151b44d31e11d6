import {
  normalizeText,
  parseIdNumber,
  parseNameRelation,
  parsePicks,
  parseTrackingCode,
  stripMentions,
} from '../../src/conversation/parseReply';
import { VALID_ID, VALID_ID_X } from './fakePorts';

describe('normalizeText', () => {
  it('folds full-width digits, letters and spaces and collapses whitespace', () => {
    expect(normalizeText('  受理\u3000ＳＢ－１２３４５６７８  ')).toBe('受理 SB-12345678');
  });

  it('drops group-chat mentions', () => {
    expect(stripMentions('@申报助手\u2005待办')).toBe('待办');
    expect(stripMentions('待办 @申报助手')).toBe('待办');
  });
});

// Amounts, counts and phones are read by src/shared (test/shared/numbers.test.ts, phone.test.ts);
// parseReply re-exports them for the chat.

describe('parsePicks', () => {
  it.each([
    ['1', [1]],
    ['1 3', [1, 3]],
    ['1,3', [1, 3]],
    ['1，3', [1, 3]],
    ['1、3', [1, 3]],
    ['１　３', [1, 3]],
    ['1和6', [1, 6]],
    ['第二个', [2]],
    ['13', [1, 3]],
    ['11', [11]],
    ['3 3', [3]],
  ])('multi %p → %p', (text, picks) => {
    expect(parsePicks(text, 11, true)).toEqual(picks);
  });

  it('refuses picks outside the list, words, and several picks for one choice', () => {
    expect(parsePicks('12', 3, false)).toBeNull();
    expect(parsePicks('99', 11, true)).toBeNull();
    expect(parsePicks('4', 3, false)).toBeNull();
    expect(parsePicks('0', 3, false)).toBeNull();
    expect(parsePicks('好的', 3, false)).toBeNull();
    expect(parsePicks('1 2', 3, false)).toBeNull();
    expect(parsePicks('２', 3, false)).toEqual([2]);
  });
});

describe('ID numbers, tracking codes, names', () => {
  it('accepts checksum-valid ID numbers, with a lower-case x', () => {
    expect(parseIdNumber(VALID_ID)).toBe(VALID_ID);
    expect(parseIdNumber(VALID_ID_X.toLowerCase())).toBe(VALID_ID_X);
    expect(parseIdNumber(VALID_ID.slice(0, 17) + ((Number(VALID_ID[17]) + 1) % 10))).toBeNull();
  });

  it('reads tracking codes as digits, and the old SB- form from slips printed before, any case, full-width', () => {
    expect(parseTrackingCode('12345678')).toBe('12345678');
    expect(parseTrackingCode('1234 5678')).toBe('12345678');
    expect(parseTrackingCode('SB-12345678')).toBe('12345678');
    expect(parseTrackingCode('sb12345678')).toBe('12345678');
    expect(parseTrackingCode('ＳＢ－１２３４５６７８')).toBe('12345678');
    expect(parseTrackingCode('SB-12')).toBeNull();
    expect(parseTrackingCode('123456789')).toBeNull();
    expect(parseTrackingCode('联发')).toBeNull();
  });

  it('reads a proxy name and relation in the ways people write them', () => {
    expect(parseNameRelation('李明 儿子')).toEqual({ name: '李明', relation: '儿子' });
    expect(parseNameRelation('李明，女儿')).toEqual({ name: '李明', relation: '女儿' });
    expect(parseNameRelation('李明是户主的儿子')).toEqual({ name: '李明', relation: '儿子' });
    expect(parseNameRelation('李明儿子')).toEqual({ name: '李明', relation: '儿子' });
    expect(parseNameRelation('李明')).toBeNull();
    expect(parseNameRelation('1 儿子')).toBeNull();
    // As people say it: the relation first, "我是", "他", "叫" around the name.
    expect(parseNameRelation('我是他儿子李明')).toEqual({ name: '李明', relation: '儿子' });
    expect(parseNameRelation('我叫李明，是他儿子')).toEqual({ name: '李明', relation: '儿子' });
    expect(parseNameRelation('儿子李明')).toEqual({ name: '李明', relation: '儿子' });
    expect(parseNameRelation('外孙女王芳')).toEqual({ name: '王芳', relation: '外孙女' });
    expect(parseNameRelation('李明 表哥')).toEqual({ name: '李明', relation: '表哥' });
    expect(parseNameRelation('我是他儿子')).toBeNull();
  });
});
