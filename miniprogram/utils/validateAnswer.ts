import { idNumberProblem, normalizeIdNumber } from '../shared/idNumber';
import { DEFAULT_COUNT_MAX, DEFAULT_COUNT_MIN, parseAmountWithin, parseCount } from '../shared/numbers';
import { normalizePhone, phoneProblem } from '../shared/phone';
import type { Question } from '../shared/questionnaireWalker';
import { hiddenCharacterProblem } from '../shared/textRules';

export type AnswerValue = string | string[] | number;
export type Validation = { ok: true; value: AnswerValue } | { ok: false; hint: string };

const fail = (hint: string): Validation => ({ ok: false, hint });
const pass = (value: AnswerValue): Validation => ({ ok: true, value });

function checkPhone(raw: string): Validation {
  const phone = normalizePhone(raw);
  const problem = phoneProblem(phone);
  return problem ? fail(problem) : pass(phone);
}

function checkNameRelation(raw: string): Validation {
  const [name = '', relation = ''] = raw.split('|').map((part) => part.trim());
  if (name.length < 2 || name.length > 20) return fail('请写您的名字，2到20个字');
  if (relation.length < 1 || relation.length > 10) return fail('请写您是户主的什么人，例如：儿子');
  const hidden = hiddenCharacterProblem('名字', name, 'name') ?? hiddenCharacterProblem('关系', relation, 'name');
  if (hidden) return fail(hidden);
  return pass(`${name}|${relation}`);
}

function checkInteger(q: Question, raw: string): Validation {
  const min = q.min ?? DEFAULT_COUNT_MIN;
  const max = q.max ?? DEFAULT_COUNT_MAX;
  const count = parseCount(raw, min, max);
  return count.ok ? pass(count.value) : fail(`请填${min}到${max}之间的数字`);
}

/** The same reading and the same limits as the chat (src/shared/numbers.ts). */
function checkAmount(q: Question, raw: string): Validation {
  const amount = parseAmountWithin(raw, q);
  if (amount.ok) return pass(amount.value);
  if (amount.reason === 'negative') return fail('钱数不能是负数');
  if (amount.reason === 'too_large') return fail('这个数太大了，请再看一下（单位是元）');
  return fail('请填一个数字，大概数就行，例如：12000 或 1万2');
}

/**
 * Checks one answer as the resident gave it (option value, option values, or typed text) and
 * returns the value to keep: numbers for counts and money, canonical text for phone and ID.
 * Hints are written for this screen ("填", "点") and say what the check found (which digit of
 * an ID number is wrong); free text takes the question's served tap hint.
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
      // The served tap hint for free text describes the content ("请填户主的名字…").
      if (value.length < min || value.length > max) return fail(q.tap.hint || `请写${min}到${max}个字`);
      // A name is one line; the server refuses the same characters (src/shared/textRules.ts).
      const isName = q.target === 'applicant.name';
      const hidden = hiddenCharacterProblem(isName ? '户主姓名' : q.label || '这一项', value, isName ? 'name' : 'text');
      return hidden ? fail(hidden) : pass(value);
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
