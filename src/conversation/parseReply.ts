import { isValidIdNumber, normalizeIdNumber, PHONE_PATTERN } from '../domain/idNumber';

/**
 * Pure parsing of what people type into a chat: digits (full-width too), lists of choices,
 * amounts in everyday Chinese ("1万2", "一万二", "3千", "1.2万"), counts, phones, ID numbers,
 * tracking codes. Nothing here knows about the dialogue.
 */

/** NFKC folds full-width digits, letters, spaces and punctuation; whitespace runs become one space. */
export function normalizeText(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/** Free text as the resident wrote it (Chinese punctuation kept): whitespace runs become one space. */
export function tidyFreeText(raw: string): string {
  return raw.replace(/[\s\u3000]+/g, ' ').trim();
}

/** Removes "@机器人" mentions a group chat puts in front of (or after) the text; the rest is left as written. */
export function removeMentions(text: string): string {
  return text.replace(/(^|\s)[@＠]\S+/g, ' ');
}

/** removeMentions, then normalizeText. */
export function stripMentions(text: string): string {
  return normalizeText(removeMentions(text));
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const CN_BIG_UNITS: Record<string, number> = { 万: 10_000, 亿: 100_000_000 };

/**
 * A number written with Arabic digits, Chinese numerals or both: "12000", "1万2", "1万2千",
 * "一万二", "三千五", "1.2万", "十二", "一万零五百". A trailing digit right after a unit counts one
 * unit lower ("一万二" = 12000), as people say it. Null when the text is not a number.
 */
export function parseChineseNumber(input: string): number | null {
  const text = input.replace(/\s/g, '');
  if (text === '') return null;
  const tokenPattern = /(\d+(?:\.\d+)?)|([零〇一二两三四五六七八九])|([十百千])|([万亿])/gy;
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
    section += abbreviated ? pending * (lastUnit! / 10) : pending;
  } else if (lastUnit === null && !sawZero) {
    return null;
  }
  return total + section;
}

export const MAX_AMOUNT = 10_000_000;

export type AmountResult = { ok: true; value: number } | { ok: false; reason: 'invalid' | 'negative' | 'too_large' };

const NOTHING = /^(没有|没|无|没花|没花钱|没损失|没亏|一个也没有|一个没有|零)$/;

/** Yuan, as a whole number: "1万2", "12000", "12,000元", "一万二", "3千", "1.2万", "大概5000块". */
export function parseAmount(raw: string): AmountResult {
  let text = normalizeText(raw)
    .replace(/\s/g, '')
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

export type CountResult = { ok: true; value: number } | { ok: false; reason: 'invalid' | 'out_of_range' };

/** A small whole number such as a household size: "4", "4口人", "四口", "没有" (0). */
export function parseCount(raw: string, min: number, max: number): CountResult {
  const text = normalizeText(raw)
    .replace(/\s/g, '')
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

const LIST_SEPARATORS = /[\s,，、;；.。/和及与跟]+/;

/**
 * Numbers in a reply such as "1", "1 3", "1,3", "1、3", "第2个", "二". Null when anything in it
 * is not a number. Order is kept; duplicates are removed.
 */
export function parseNumberList(raw: string): number[] | null {
  const tokens = normalizeText(raw).split(LIST_SEPARATORS).filter(Boolean);
  if (tokens.length === 0) return null;
  const numbers: number[] = [];
  for (const token of tokens) {
    const match = /^(?:第|选)?(\d{1,3}|[一二两三四五六七八九十]{1,3})(?:个|项|号|条)?$/.exec(token);
    if (!match) return null;
    const value = /^\d+$/.test(match[1]) ? Number(match[1]) : parseChineseNumber(match[1]);
    if (value === null) return null;
    numbers.push(value);
  }
  return [...new Set(numbers)];
}

/** "13" → 1 and 3: distinct digits, each on the list. */
function isDigitRun(digits: string, count: number): boolean {
  return new Set(digits).size === digits.length && [...digits].every((d) => Number(d) >= 1 && Number(d) <= count);
}

/**
 * Picks from `count` numbered options (1-based). With `multi`, several; a run of digits larger
 * than the list ("13" when there are 11 options) is read as the digits one by one.
 * Null when the reply is not a valid pick.
 */
export function parsePicks(raw: string, count: number, multi: boolean): number[] | null {
  const numbers = parseNumberList(raw);
  if (numbers === null) return null;
  const picks: number[] = [];
  for (const n of numbers) {
    if (n >= 1 && n <= count) picks.push(n);
    else if (multi && n > count && isDigitRun(String(n), count)) picks.push(...[...String(n)].map(Number));
    else return null;
  }
  const unique = [...new Set(picks)];
  if (unique.length === 0) return null;
  if (!multi && unique.length !== 1) return null;
  return unique;
}

/** "139 1234 5678", "139-1234-5678", "+86 13912345678" → "13912345678"; null when not a mobile number. */
export function parsePhone(raw: string): string | null {
  const digits = normalizeText(raw)
    .replace(/[\s\-()（）]/g, '')
    .replace(/^(\+?86)(?=1\d{10}$)/, '');
  return PHONE_PATTERN.test(digits) ? digits : null;
}

/** A checksum-valid 18-character ID number, normalised (x → X); null otherwise. */
export function parseIdNumber(raw: string): string | null {
  const value = normalizeIdNumber(normalizeText(raw));
  return isValidIdNumber(value) ? value : null;
}

/** "SB-12345678", "sb12345678", "12345678", "ＳＢ－１２３４５６７８" → "SB-12345678"; null otherwise. */
export function parseTrackingCode(raw: string): string | null {
  const text = normalizeText(raw).toUpperCase().replace(/[—–_－]/g, '-');
  const match = /^(?:SB-?)?(\d{6,12})$/.exec(text);
  return match ? `SB-${match[1]}` : null;
}

const RELATIONS = [
  '儿子', '女儿', '儿媳', '女婿', '孙子', '孙女', '外孙', '外孙女', '妻子', '丈夫', '老伴', '爱人', '媳妇',
  '父亲', '母亲', '爸爸', '妈妈', '哥哥', '弟弟', '姐姐', '妹妹', '兄弟', '姐妹', '侄子', '侄女', '外甥', '外甥女',
  '亲戚', '邻居', '朋友', '村干部', '网格员',
];

const PERSON_NAME = /^[^\d\s@#%&*<>{}[\]|\\]{2,20}$/;

/** A person's name as people write it: 2–20 characters, no digits. */
export function isPersonName(value: string): boolean {
  return PERSON_NAME.test(value);
}

/** "李明 儿子", "李明，儿子", "李明是户主的儿子", "李明儿子" → { name, relation }. */
export function parseNameRelation(raw: string): { name: string; relation: string } | null {
  const text = normalizeText(raw).replace(/[。.!！]+$/, '');
  const parts = text.split(/[\s,，、:：;；/]+/).filter((p) => p && p !== '是');
  let name: string;
  let relation: string;
  if (parts.length >= 2) {
    name = parts[0];
    relation = parts.slice(1).join('').replace(/^(是)?(户主的|他的|她的)?/, '');
  } else {
    const whole = parts[0] ?? '';
    const known = RELATIONS.filter((r) => whole.endsWith(r)).sort((a, b) => b.length - a.length)[0];
    if (!known) return null;
    name = whole.slice(0, -known.length).replace(/(是)?(户主的|他的|她的)?$/, '');
    relation = known;
  }
  if (!isPersonName(name) || relation.length < 1 || relation.length > 10 || /\d/.test(relation)) return null;
  return { name, relation };
}
