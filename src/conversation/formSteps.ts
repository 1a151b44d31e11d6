import { chinaDate } from '../domain/calendar';
import { parseAmount, parseCount } from '../shared/numbers';
import { hiddenCharacterProblem } from '../shared/textRules';
import type { FormStep, FormValues, StepRead } from './form';
import { MSG } from './messages';
import { dayWords, parseDay } from './parseDay';
import { isPersonName, parsePicks, tidyFreeText } from './parseReply';
import { numberedList } from './questions';

/**
 * The kinds of question the cadre forms ask, as step builders: a numbered choice, a numbered
 * multi-select (0 = 都没有), a day, a count, an amount of yuan, free text, names.
 */
type Extra<C> = Pick<FormStep<C>, 'when'> & { ask?: (values: FormValues, ctx: C) => string };

/** The question, then what the case says about it ("申报时是4口人。"). */
const question = <C>(text: string, extra: Extra<C>) => (values: FormValues, ctx: C) => [text, extra.ask?.(values, ctx)].filter(Boolean).join('\n');

export interface Option<V> {
  value: V;
  label: string;
}

export function choiceStep<C, V>(id: string, label: string, text: string, options: readonly Option<V>[], extra: Extra<C> = {}): FormStep<C> {
  return {
    id,
    label,
    when: extra.when,
    prompt: (values, ctx) => `${question<C>(text, extra)(values, ctx)}\n${numberedList(options.map((o) => o.label))}`,
    read: (answer) => {
      const byLabel = options.find((o) => o.label === answer);
      if (byLabel) return { ok: true, value: byLabel.value };
      const pick = parsePicks(answer, options.length, false);
      return pick ? { ok: true, value: options[pick[0] - 1].value } : { ok: false, problem: MSG.formPickOne(options.length) };
    },
    show: (value) => options.find((o) => o.value === value)?.label ?? String(value),
  };
}

const NONE = /^(0|没有|都没有|无|都不是|没)$/;

/**
 * Several of a numbered list ("1 6", "1、6"); "0" or "没有" = none of them, when `noneWord` says
 * what that means ("都没有"). `check` refuses a combination with a sentence.
 */
export function multiStep<C, V>(
  id: string,
  label: string,
  text: string,
  options: readonly Option<V>[],
  extra: Extra<C> & { noneWord?: string; check?: (values: V[]) => string | null; list?: string } = {},
): FormStep<C> {
  return {
    id,
    label,
    when: extra.when,
    zeroIsAnswer: extra.noneWord !== undefined,
    prompt: (values, ctx) => [question<C>(text, extra)(values, ctx), extra.list ?? numberedList(options.map((o) => o.label)), extra.noneWord ? `0 ${extra.noneWord}` : ''].filter(Boolean).join('\n'),
    read: (answer) => {
      if (extra.noneWord && NONE.test(answer)) return { ok: true, value: [] };
      const picks = parsePicks(answer, options.length, true);
      if (!picks) return { ok: false, problem: MSG.formPickSeveral };
      const picked = picks.map((n) => options[n - 1].value);
      const problem = extra.check?.(picked);
      return problem ? { ok: false, problem } : { ok: true, value: picked };
    },
    show: (value) => {
      const picked = Array.isArray(value) ? value : [];
      return picked.length ? picked.map((v) => options.find((o) => o.value === v)?.label ?? String(v)).join('、') : (extra.noneWord ?? '无');
    },
  };
}

/**
 * A day: "1" and "2" stand for the two likeliest (today and yesterday, or today and tomorrow),
 * or a date written out. `range` refuses days outside it with a sentence.
 */
export function dayStep<C>(
  id: string,
  label: string,
  text: string,
  extra: Extra<C> & { second?: 'yesterday' | 'tomorrow'; check?: (day: string, today: string, ctx: C) => string | null } = {},
): FormStep<C> {
  const second = extra.second ?? 'yesterday';
  const shortcut = `回复1今天，2${second === 'yesterday' ? '昨天' : '明天'}，或写日期，例如：11月24日`;
  return {
    id,
    label,
    when: extra.when,
    prompt: (values, ctx) => `${question<C>(text, extra)(values, ctx)}\n${shortcut}`,
    read: (answer, _raw, _values, ctx, env) => {
      const word = answer === '1' ? '今天' : answer === '2' ? (second === 'yesterday' ? '昨天' : '明天') : answer;
      const day = parseDay(word, env.now);
      if (!day) return { ok: false, problem: MSG.formBadDay };
      const problem = extra.check?.(day, chinaDate(env.now), ctx);
      return problem ? { ok: false, problem } : { ok: true, value: day };
    },
    show: (value) => dayWords(String(value)),
  };
}

export const notInFuture = (day: string, today: string): string | null => (day > today ? MSG.formDayInFuture : null);

export function countStep<C>(id: string, label: string, text: string, min: number, max: number, extra: Extra<C> & { unit?: string } = {}): FormStep<C> {
  return {
    id,
    label,
    when: extra.when,
    zeroIsAnswer: min <= 0,
    prompt: question<C>(text, extra),
    read: (answer) => {
      const count = parseCount(answer, min, max);
      return count.ok ? { ok: true, value: count.value } : { ok: false, problem: MSG.formCountRange(min, max) };
    },
    show: (value) => `${String(value)}${extra.unit ?? ''}`,
  };
}

/** Yuan, read as residents' answers are ("1万2", "一万二", "没有" = 0): 0 is an answer. */
export function amountStep<C>(id: string, label: string, text: string, extra: Extra<C> = {}): FormStep<C> {
  return {
    id,
    label,
    when: extra.when,
    zeroIsAnswer: true,
    prompt: question<C>(text, extra),
    read: (answer) => {
      const amount = parseAmount(answer);
      if (amount.ok) return { ok: true, value: amount.value };
      return { ok: false, problem: amount.reason === 'negative' ? MSG.negativeAmount : amount.reason === 'too_large' ? MSG.tooLargeAmount : MSG.formAmountHint };
    },
    show: (value) => `${Number(value).toLocaleString('en-US')}元`,
  };
}

/** Words as written (2–max characters); `skip` lets a digit stand for a default ("1 匿名"). */
export function textStep<C>(id: string, label: string, text: string, min: number, max: number, extra: Extra<C> & { skip?: { digit: string; value: string } } = {}): FormStep<C> {
  return {
    id,
    label,
    when: extra.when,
    // Words as written are the answer even when they start like a command ("公示栏", "登记员…").
    freeText: true,
    prompt: question<C>(text, extra),
    read: (answer, raw): StepRead => {
      if (extra.skip && answer === extra.skip.digit) return { ok: true, value: extra.skip.value };
      const words = tidyFreeText(raw);
      const length = [...words].length;
      if (length < min || length > max) return { ok: false, problem: MSG.formTextLength(min, max) };
      // Refused here, at the question, rather than by the action's schema after the read-back.
      const hidden = hiddenCharacterProblem(label, words, 'text');
      if (hidden) return { ok: false, problem: `${hidden}。` };
      return { ok: true, value: words };
    },
    show: (value) => {
      const words = String(value);
      return [...words].length > 12 ? `${[...words].slice(0, 12).join('')}…` : words || '（无）';
    },
  };
}

/** People's names in one reply: "张明 李强", "张明、李强". */
export function parseNames(raw: string): string[] | null {
  const names = tidyFreeText(raw).split(/[\s,，、;；]+/).filter(Boolean);
  return names.length > 0 && names.every(isPersonName) ? [...new Set(names)] : null;
}
