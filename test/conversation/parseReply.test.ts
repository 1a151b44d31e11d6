import {
  normalizeText,
  parseAmount,
  parseChineseNumber,
  parseCount,
  parseIdNumber,
  parseNameRelation,
  parsePhone,
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

describe('parseChineseNumber', () => {
  it.each([
    ['12000', 12000],
    ['1万2', 12000],
    ['1万2千', 12000],
    ['1万2千5', 12500],
    ['一万二', 12000],
    ['三千五', 3500],
    ['3千', 3000],
    ['1.2万', 12000],
    ['两万', 20000],
    ['十二', 12],
    ['二十五', 25],
    ['一百二', 120],
    ['一万零五百', 10500],
    ['一万零五', 10005],
    ['1千万', 10_000_000],
  ])('%s → %d', (text, value) => {
    expect(parseChineseNumber(text)).toBe(value);
  });

  it.each(['', '万', '百', '一二', '12abc', '1.2.3', '很多'])('%p is not a number', (text) => {
    expect(parseChineseNumber(text)).toBeNull();
  });
});

describe('parseAmount', () => {
  it.each([
    ['12000', 12000],
    ['12,000元', 12000],
    ['１２０００', 12000],
    ['1万2', 12000],
    ['一万二', 12000],
    ['3千', 3000],
    ['1.2万', 12000],
    ['大概5000块', 5000],
    ['两千多块钱', 2000],
    ['没有', 0],
    ['0', 0],
  ])('%s → %d yuan', (text, value) => {
    expect(parseAmount(text)).toEqual({ ok: true, value });
  });

  it('refuses negatives and absurd values with a reason', () => {
    expect(parseAmount('-500')).toEqual({ ok: false, reason: 'negative' });
    expect(parseAmount('负五百')).toEqual({ ok: false, reason: 'negative' });
    expect(parseAmount('20000000')).toEqual({ ok: false, reason: 'too_large' });
    expect(parseAmount('2千万')).toEqual({ ok: false, reason: 'too_large' });
    expect(parseAmount('不知道')).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('parseCount', () => {
  it('reads counts with units and Chinese numerals', () => {
    expect(parseCount('4', 1, 30)).toEqual({ ok: true, value: 4 });
    expect(parseCount('4口人', 1, 30)).toEqual({ ok: true, value: 4 });
    expect(parseCount('四口', 1, 30)).toEqual({ ok: true, value: 4 });
    expect(parseCount('没有', 0, 30)).toEqual({ ok: true, value: 0 });
  });

  it('refuses out-of-range and non-whole numbers', () => {
    expect(parseCount('0', 1, 30)).toEqual({ ok: false, reason: 'out_of_range' });
    expect(parseCount('31', 1, 30)).toEqual({ ok: false, reason: 'out_of_range' });
    expect(parseCount('2.5', 1, 30)).toEqual({ ok: false, reason: 'invalid' });
    expect(parseCount('好几个', 1, 30)).toEqual({ ok: false, reason: 'invalid' });
  });
});

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

describe('phones, ID numbers, tracking codes, names', () => {
  it('reads phones typed with spaces, dashes, full-width digits or +86', () => {
    expect(parsePhone('139 1234 5678')).toBe('13912345678');
    expect(parsePhone('139-1234-5678')).toBe('13912345678');
    expect(parsePhone('１３９１２３４５６７８')).toBe('13912345678');
    expect(parsePhone('+86 13912345678')).toBe('13912345678');
    expect(parsePhone('1391234567')).toBeNull();
    expect(parsePhone('23912345678')).toBeNull();
  });

  it('accepts checksum-valid ID numbers, with a lower-case x', () => {
    expect(parseIdNumber(VALID_ID)).toBe(VALID_ID);
    expect(parseIdNumber(VALID_ID_X.toLowerCase())).toBe(VALID_ID_X);
    expect(parseIdNumber(VALID_ID.slice(0, 17) + ((Number(VALID_ID[17]) + 1) % 10))).toBeNull();
  });

  it('reads tracking codes with or without SB-, any case, full-width', () => {
    expect(parseTrackingCode('SB-12345678')).toBe('SB-12345678');
    expect(parseTrackingCode('sb12345678')).toBe('SB-12345678');
    expect(parseTrackingCode('12345678')).toBe('SB-12345678');
    expect(parseTrackingCode('ＳＢ－１２３４５６７８')).toBe('SB-12345678');
    expect(parseTrackingCode('SB-12')).toBeNull();
    expect(parseTrackingCode('联发')).toBeNull();
  });

  it('reads a proxy name and relation in the ways people write them', () => {
    expect(parseNameRelation('李明 儿子')).toEqual({ name: '李明', relation: '儿子' });
    expect(parseNameRelation('李明，女儿')).toEqual({ name: '李明', relation: '女儿' });
    expect(parseNameRelation('李明是户主的儿子')).toEqual({ name: '李明', relation: '儿子' });
    expect(parseNameRelation('李明儿子')).toEqual({ name: '李明', relation: '儿子' });
    expect(parseNameRelation('李明')).toBeNull();
    expect(parseNameRelation('1 儿子')).toBeNull();
  });
});
