import {
  DEFAULT_COUNT_MAX,
  MAX_AMOUNT,
  parseAmount,
  parseAmountWithin,
  parseChineseNumber,
  parseCount,
} from '../../src/shared/numbers';

describe('parseChineseNumber', () => {
  it.each([
    ['12000', 12000],
    ['1万2', 12000],
    ['1万2千', 12000],
    ['1万2千5', 12500],
    ['一万二', 12000],
    ['三千五', 3500],
    ['两千五', 2500],
    ['3千', 3000],
    ['1.2万', 12000],
    ['12万5', 125000],
    ['两万', 20000],
    ['十二', 12],
    ['二十五', 25],
    ['一百二', 120],
    ['一万零五百', 10500],
    ['一万零五', 10005],
    ['1千万', 10_000_000],
    ['壹万贰仟', 12000],
    ['叁佰伍拾', 350],
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
    ['１２，０００', 12000],
    ['1万2', 12000],
    ['1.2万', 12000],
    ['一万二', 12000],
    ['两千五', 2500],
    ['一万零五', 10005],
    ['十二', 12],
    ['12万5', 125000],
    ['3千', 3000],
    ['3000元', 3000],
    ['大概5000块', 5000],
    ['大概8000左右', 8000],
    ['两千多块钱', 2000],
    ['1.5', 2],
    ['没有', 0],
    ['0', 0],
    [String(MAX_AMOUNT), MAX_AMOUNT],
  ])('%s → %d yuan', (text, value) => {
    expect(parseAmount(text)).toEqual({ ok: true, value });
  });

  it('refuses negatives and absurd values with a reason', () => {
    expect(parseAmount('-500')).toEqual({ ok: false, reason: 'negative' });
    expect(parseAmount('－500')).toEqual({ ok: false, reason: 'negative' });
    expect(parseAmount('负五百')).toEqual({ ok: false, reason: 'negative' });
    expect(parseAmount('20000000')).toEqual({ ok: false, reason: 'too_large' });
    expect(parseAmount(String(MAX_AMOUNT + 1))).toEqual({ ok: false, reason: 'too_large' });
    expect(parseAmount('2千万')).toEqual({ ok: false, reason: 'too_large' });
  });

  it.each(['不知道', '好多钱', '万', ''])('%p is no amount', (text) => {
    expect(parseAmount(text)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('parseAmountWithin', () => {
  it("applies the question's own bounds on top of the amount rules", () => {
    expect(parseAmountWithin('1万2', { min: 0, max: 10_000_000 })).toEqual({ ok: true, value: 12000 });
    expect(parseAmountWithin('1万2', { max: 10000 })).toEqual({ ok: false, reason: 'too_large' });
    expect(parseAmountWithin('50', { min: 100 })).toEqual({ ok: false, reason: 'negative' });
    expect(parseAmountWithin('-50', {})).toEqual({ ok: false, reason: 'negative' });
    expect(parseAmountWithin('20000000', {})).toEqual({ ok: false, reason: 'too_large' });
    expect(parseAmountWithin('好多', {})).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('parseCount', () => {
  it('reads counts with units and Chinese numerals', () => {
    expect(parseCount('4', 1, 30)).toEqual({ ok: true, value: 4 });
    expect(parseCount('4口人', 1, 30)).toEqual({ ok: true, value: 4 });
    expect(parseCount('四口', 1, 30)).toEqual({ ok: true, value: 4 });
    expect(parseCount('一共５个人', 1, 30)).toEqual({ ok: true, value: 5 });
    expect(parseCount('没有', 0, 30)).toEqual({ ok: true, value: 0 });
  });

  it('refuses out-of-range and non-whole numbers', () => {
    expect(parseCount('0', 1, 30)).toEqual({ ok: false, reason: 'out_of_range' });
    expect(parseCount('31', 1, 30)).toEqual({ ok: false, reason: 'out_of_range' });
    expect(parseCount('-2', 0, 30)).toEqual({ ok: false, reason: 'out_of_range' });
    expect(parseCount('2.5', 1, 30)).toEqual({ ok: false, reason: 'invalid' });
    expect(parseCount('好几个', 1, 30)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('without bounds, counts from 0 to the default maximum', () => {
    expect(parseCount('0')).toEqual({ ok: true, value: 0 });
    expect(parseCount(String(DEFAULT_COUNT_MAX))).toEqual({ ok: true, value: DEFAULT_COUNT_MAX });
    expect(parseCount(String(DEFAULT_COUNT_MAX + 1))).toEqual({ ok: false, reason: 'out_of_range' });
  });
});
