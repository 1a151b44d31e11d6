import { isValidIdNumber, normalizeIdNumber } from '../domain/idNumber';
import { parseChineseNumber } from '../shared/numbers';

/**
 * Pure parsing of what people type into a chat: digits (full-width too), lists of choices,
 * amounts in everyday Chinese ("1万2", "一万二", "3千", "1.2万"), counts, phones, ID numbers,
 * tracking codes. Nothing here knows about the dialogue.
 */

// Amounts, counts and phones follow the rules the mini-program shares (src/shared).
export { MAX_AMOUNT, parseAmount, parseChineseNumber, parseCount, type AmountResult, type CountResult } from '../shared/numbers';
export { parsePhone } from '../shared/phone';
export { parseTrackingCode } from '../shared/trackingCode';

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

/** A checksum-valid 18-character ID number, normalised (x → X); null otherwise. */
export function parseIdNumber(raw: string): string | null {
  const value = normalizeIdNumber(normalizeText(raw));
  return isValidIdNumber(value) ? value : null;
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

const BY_LENGTH = [...RELATIONS].sort((a, b) => b.length - a.length);

/** What is left around a known relation word, without "我是", "叫", "是户主的", "他": the name, if one. */
function nameAround(parts: string[]): string | null {
  const names = parts
    .map((p) => p.replace(/^(我是|我叫|我|是|叫)+/, '').replace(/(是)?(户主|他|她)?(的)?$/, '').replace(/^(户主|他|她)(的)?$/, ''))
    .filter(Boolean);
  return names.length === 1 ? names[0] : null;
}

/** A sentence naming a known relation anywhere: "我是他儿子李明", "我叫李明，是他儿子", "儿子李明". */
function withKnownRelation(text: string): { name: string; relation: string } | null {
  const compact = text.replace(/[\s,，、:：;；/]+/g, ' ');
  const relation = BY_LENGTH.find((r) => compact.includes(r));
  if (!relation) return null;
  const at = compact.indexOf(relation);
  const name = nameAround([...compact.slice(0, at).split(' '), ...compact.slice(at + relation.length).split(' ')]);
  return name && isPersonName(name) ? { name, relation } : null;
}

/** "李明 儿子", "李明，儿子", "李明是户主的儿子", "李明儿子", "我是他儿子李明" → { name, relation }. */
export function parseNameRelation(raw: string): { name: string; relation: string } | null {
  const text = normalizeText(raw).replace(/[。.!！]+$/, '');
  // A known relation with no name beside it ("我是他儿子") is no answer: "我是他" is not a name.
  if (BY_LENGTH.some((r) => text.includes(r))) return withKnownRelation(text);
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
