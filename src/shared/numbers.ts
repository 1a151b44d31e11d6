/**
 * Numbers as residents type them — money ("1万2", "一万二", "1.2万", "12,000元", "大概5000块",
 * "没有") and counts ("4口人", "四口") — read the same way in chat and in the mini-program.
 */
const CN_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 两: 2, 贰: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const CN_SMALL_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const CN_BIG_UNITS: Record<string, number> = { 万: 10000, 亿: 100000000 };

/** Full-width characters folded (NFKC), every space dropped. */
function compact(raw: string): string {
  return raw.normalize('NFKC').replace(/\s/g, '');
}

/**
 * A number written with Arabic digits, Chinese numerals (everyday or 大写) or both: "12000",
 * "1万2", "1万2千", "一万二", "三千五", "1.2万", "十二", "一万零五百", "壹万贰仟". A trailing digit
 * right after a unit counts one unit lower ("一万二" = 12000), as people say it. Null when the
 * text is not a number.
 */
export function parseChineseNumber(input: string): number | null {
  const text = input.replace(/\s/g, '');
  if (text === '') return null;
  const tokenPattern = /(\d+(?:\.\d+)?)|([零〇一壹二两贰三叁四肆五伍六陆七柒八捌九玖])|([十拾百佰千仟])|([万亿])/gy;
  let total = 0;
  let section = 0;
  let pending: number | null = null;
  let lastUnit: number | null = null;
  let afterUnit = false;
  let sawZero = false;
  let consumed = 0;
  let match: RegExpExecArray | null;
  while ((match = tokenPattern.exec(text)) !== null) {
    consumed = tokenPattern.lastIndex;
    const [, arabic, cnDigit, small, big] = match;
    if (arabic !== undefined || cnDigit !== undefined) {
      const value = arabic !== undefined ? Number(arabic) : CN_DIGITS[cnDigit];
      if (pending !== null) return null; // "一二", "12 3"
      if (cnDigit !== undefined && value === 0) {
        sawZero = true;
        afterUnit = false;
        continue;
      }
      pending = value;
      continue;
    }
    if (small !== undefined) {
      const unit = CN_SMALL_UNITS[small];
      if (pending === null && unit !== 10) return null; // "百" alone
      section += (pending ?? 1) * unit;
      pending = null;
      lastUnit = unit;
      afterUnit = true;
      sawZero = false;
      continue;
    }
    const unit = CN_BIG_UNITS[big];
    const value = section + (pending ?? 0);
    if (value === 0) return null; // "万" alone
    total += value * unit;
    section = 0;
    pending = null;
    lastUnit = unit;
    afterUnit = true;
    sawZero = false;
  }
  if (consumed !== text.length) return null;
  if (pending !== null) {
    const abbreviated = afterUnit && !sawZero && lastUnit !== null && lastUnit >= 10 && Number.isInteger(pending) && pending < 10;
    section += abbreviated && lastUnit !== null ? pending * (lastUnit / 10) : pending;
  } else if (lastUnit === null && !sawZero) {
    return null;
  }
  return total + section;
}

/** The largest amount in yuan any question accepts (10 million): beyond it the resident mistyped. */
export const MAX_AMOUNT = 10000000;

export type AmountResult = { ok: true; value: number } | { ok: false; reason: 'invalid' | 'negative' | 'too_large' };

/** Words meaning "none": an amount or a count of 0. */
const NOTHING = /^(没有|没|无|没花|没花钱|没损失|没亏|一个也没有|一个没有|零)$/;

/** Yuan, as a whole number: "1万2", "12000", "12,000元", "一万二", "3千", "1.2万", "大概5000块", "没有" (0). */
export function parseAmount(raw: string): AmountResult {
  let text = compact(raw)
    .replace(/(\d),(?=\d{3}(?!\d))/g, '$1')
    .replace(/^(大概|大约|约|差不多|将近|估计|可能|一共|总共|共)+/, '')
    .replace(/(人民币|块钱|元钱|块|元|钱|左右|上下|多|来|吧|[。.])+$/, '');
  if (NOTHING.test(text)) return { ok: true, value: 0 };
  let negative = false;
  if (/^(-|负|减)/.test(text)) {
    negative = true;
    text = text.replace(/^(-|负|减)+/, '');
  }
  const value = parseChineseNumber(text);
  if (value === null) return { ok: false, reason: 'invalid' };
  if (negative && value > 0) return { ok: false, reason: 'negative' };
  if (value > MAX_AMOUNT) return { ok: false, reason: 'too_large' };
  return { ok: true, value: Math.round(value) };
}

/**
 * parseAmount, then a question's own bounds: above `max` is too large, below `min` is refused
 * like a negative amount. Both channels read an amount answer with this.
 */
export function parseAmountWithin(raw: string, limits: { min?: number; max?: number }): AmountResult {
  const amount = parseAmount(raw);
  if (!amount.ok) return amount;
  if (limits.max !== undefined && amount.value > limits.max) return { ok: false, reason: 'too_large' };
  if (limits.min !== undefined && amount.value < limits.min) return { ok: false, reason: 'negative' };
  return amount;
}

/** The range of a count question that gives no min or max of its own. */
export const DEFAULT_COUNT_MIN = 0;
export const DEFAULT_COUNT_MAX = 1000;

export type CountResult = { ok: true; value: number } | { ok: false; reason: 'invalid' | 'out_of_range' };

/** A small whole number such as a household size, within min..max: "4", "4口人", "四口", "没有" (0). */
export function parseCount(raw: string, min: number = DEFAULT_COUNT_MIN, max: number = DEFAULT_COUNT_MAX): CountResult {
  const text = compact(raw)
    .replace(/^(一共|总共|共|大概|有)+/, '')
    .replace(/(口人|口|个人|个|人|名|位|。)+$/, '');
  let value: number | null;
  if (NOTHING.test(text)) value = 0;
  else if (/^-\d/.test(text)) return { ok: false, reason: 'out_of_range' };
  else value = parseChineseNumber(text);
  if (value === null || !Number.isInteger(value)) return { ok: false, reason: 'invalid' };
  if (value < min || value > max) return { ok: false, reason: 'out_of_range' };
  return { ok: true, value };
}
