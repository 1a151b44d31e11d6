import type { QuestionOption } from '../domain/questionnaire';
import { normalizeText } from './parseReply';

/**
 * Reading a choice from the words people use instead of its number: "看病", "不到一万", "上个月",
 * "家里有人生病，房子也漏雨". Each option's label, short words and synonyms (questionnaire data)
 * are compared with the reply after Chinese digits are read as digits ("一万" and "1万" meet).
 *
 * A reply that says an option's words exactly is taken (`sure`). A reply that only contains
 * them ("生病住院了"), or is part of them ("漏雨"), is a guess the resident is asked to confirm:
 * a wrong hardship sends a cadre to the wrong question, and "1是 2不是" costs one reply.
 */
export interface WordMatch {
  values: string[];
  sure: boolean;
}

const DIGITS: Record<string, string> = { 零: '0', 〇: '0', 一: '1', 二: '2', 两: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };

/** "不到一万" → "不到1万", "两三个月" → "23个月": the same folding on both sides, so only equality matters. */
export function foldDigits(text: string): string {
  return text.replace(/[零〇一二两三四五六七八九]/g, (c) => DIGITS[c]);
}

const PUNCTUATION = /[\s。.！!？?，,、~～…“”"'‘’()（）]+/g;
/** Words around the point that say nothing about which option: "我家", "有人", "了", "吧"… */
const LEADING = /^(我们家|我家|俺家|咱家|家里面|家里|家中|我们|我)?(也|还|就)?(有人|有个人|有)?/;
const TRAILING = /(了|的|啊|呀|吧|呢|哦|嘛)+$/;
/** Splits a reply naming several things: "看病、房子", "看病和上学". */
const SEPARATORS = /(?:[\s,，、;；/。.!！?？]|和|及|与|跟|还有|以及)+/;

function clean(text: string): string {
  return foldDigits(normalizeText(text)).replace(PUNCTUATION, '');
}

function keysOf(option: QuestionOption): string[] {
  return [option.label, option.chat, option.short, ...(option.synonyms ?? [])].filter((k): k is string => Boolean(k)).map(clean);
}

/** Exact: the words are an option's key, as written or without the filler around them. */
function exactMatch(token: string, keyed: { value: string; keys: string[] }[]): string | null {
  const bare = token.replace(LEADING, '').replace(TRAILING, '');
  for (const candidate of [token, bare, token.replace(TRAILING, '')]) {
    if (!candidate) continue;
    const found = keyed.find((o) => o.keys.includes(candidate));
    if (found) return found.value;
  }
  return null;
}

/** Loose: the words contain a key of two or more characters, or are two or more characters of one. */
function looseMatches(token: string, keyed: { value: string; keys: string[] }[]): string[] {
  const bare = token.replace(LEADING, '').replace(TRAILING, '');
  if ([...bare].length === 0) return [];
  const containing = keyed.filter((o) => o.keys.some((k) => [...k].length >= 2 && bare.includes(k))).map((o) => o.value);
  if (containing.length > 0) return containing;
  if ([...bare].length < 2) return [];
  return keyed.filter((o) => o.keys.some((k) => k.includes(bare))).map((o) => o.value);
}

/**
 * The options a reply names by words, or null when it names none (or, for one choice, several).
 * `multi`: the reply may name several options, separated by commas, spaces, 和…
 */
export function matchOptionWords(reply: string, options: readonly QuestionOption[], multi: boolean): WordMatch | null {
  const keyed = options.map((o) => ({ value: o.value, keys: keysOf(o) }));
  const whole = clean(reply);
  if (!whole) return null;
  const exact = exactMatch(whole, keyed);
  if (exact) return { values: [exact], sure: true };
  if (!multi) {
    const loose = looseMatches(whole, keyed);
    return loose.length === 1 ? { values: loose, sure: false } : null;
  }
  const tokens = foldDigits(normalizeText(reply)).split(SEPARATORS).map((t) => t.replace(PUNCTUATION, '')).filter(Boolean);
  const values: string[] = [];
  let sure = true;
  for (const token of tokens) {
    const found = exactMatch(token, keyed);
    if (found) {
      values.push(found);
      continue;
    }
    sure = false;
    values.push(...looseMatches(token, keyed));
  }
  const unique = options.map((o) => o.value).filter((v) => values.includes(v));
  return unique.length > 0 ? { values: unique, sure } : null;
}
