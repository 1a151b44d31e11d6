import { parseAmount } from './amount';
import { idNumberProblem, normalizeIdNumber } from './idNumber';
import type { Question } from './questionnaire';

export type AnswerValue = string | string[] | number;
export type Validation = { ok: true; value: AnswerValue } | { ok: false; hint: string };

/** The same rule the server applies (src/domain/idNumber.ts PHONE_PATTERN). */
export const PHONE_PATTERN = /^1[3-9]\d{9}$/;

const fail = (hint: string): Validation => ({ ok: false, hint });
const pass = (value: AnswerValue): Validation => ({ ok: true, value });

function foldDigits(raw: string): string {
  return raw.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

function checkPhone(raw: string): Validation {
  const phone = foldDigits(raw).replace(/[\s\-－]/g, '');
  if (!/^\d+$/.test(phone)) return fail('手机号只填数字，11位，例如：13912345678');
  if (phone.length !== 11) return fail(`手机号应为11位，您填了${phone.length}位`);
  if (!PHONE_PATTERN.test(phone)) return fail('手机号应以13到19开头，请再看一下');
  return pass(phone);
}

function checkNameRelation(raw: string): Validation {
  const [name = '', relation = ''] = raw.split('|').map((part) => part.trim());
  if (name.length < 2 || name.length > 20) return fail('请写您的名字，2到20个字');
  if (relation.length < 1 || relation.length > 10) return fail('请写您是户主的什么人，例如：儿子');
  return pass(`${name}|${relation}`);
}

function checkInteger(q: Question, raw: string): Validation {
  const min = q.min ?? 0;
  const max = q.max ?? 100;
  const text = foldDigits(raw).trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) return fail(`请填${min}到${max}之间的数字`);
  return pass(n);
}

function checkAmount(q: Question, raw: string): Validation {
  const amount = parseAmount(raw);
  if (amount === 'negative') return fail('钱数不能是负数');
  if (amount === null) return fail('请填一个数字，大概数就行，例如：12000 或 1万2');
  if (amount > (q.max ?? 10_000_000)) return fail('这个数太大了，请再看一下（单位是元）');
  return pass(amount);
}

/**
 * Checks one answer as the resident gave it (option value, option values, or typed text) and
 * returns the value to keep: numbers for counts and money, canonical text for phone and ID.
 * Hints are written for this screen ("填", "点"): most served hints speak of chat replies
 * ("请回复数字1、2或3"), which would confuse someone tapping buttons.
 */
export function validateAnswer(q: Question, raw: string | string[]): Validation {
  if (q.kind === 'multi') {
    const values = ([] as string[]).concat(raw);
    const known = new Set((q.options ?? []).map((o) => o.value));
    if (values.length === 0 || values.some((v) => !known.has(v))) return fail('请至少选一项，可以选几项');
    return pass(values);
  }
  const text = Array.isArray(raw) ? raw.join('') : raw;
  switch (q.kind) {
    case 'choice':
      return (q.options ?? []).some((o) => o.value === text) ? pass(text) : fail('请点一下您要选的那一项');
    case 'text': {
      const value = text.trim();
      const min = q.min ?? 1;
      const max = q.max ?? 200;
      // Served hints for free text describe the content ("请写户主的名字…"), so they read well here too.
      return value.length >= min && value.length <= max ? pass(value) : fail(q.hint || `请写${min}到${max}个字`);
    }
    case 'nameRelation':
      return checkNameRelation(text);
    case 'phone':
      return checkPhone(text);
    case 'idNumber': {
      const id = normalizeIdNumber(text);
      const problem = idNumberProblem(id);
      return problem ? fail(problem) : pass(id);
    }
    case 'village':
      return /^\d{12}$/.test(text) ? pass(text) : fail('请选一个村');
    case 'integer':
      return checkInteger(q, text);
    case 'amount':
      return checkAmount(q, text);
  }
}
