import { maskIdNumber } from '../domain/idNumber';
import type { Answers, Question } from '../domain/questionnaire';
import { parseAmountWithin, parseCount } from '../shared/numbers';
import { hiddenCharacterProblem } from '../shared/textRules';
import { MSG } from './messages';
import { isPersonName, normalizeText, tidyFreeText, parseIdNumber, parseNameRelation, parsePhone, parsePicks } from './parseReply';

/**
 * Pure helpers around one question of the questionnaire: how it reads in chat, how a reply
 * becomes an answer, how an answer reads back. Village questions are picked through the
 * ports and handled in villagePicker.ts.
 */
export type Answer = string | string[] | number;

export type ReadResult = { ok: true; value: Answer } | { ok: false; problem?: string };

/** Whether a bare "0" is an answer here (a count or amount that may be zero) rather than "back". */
export function zeroIsAnswer(question: Question): boolean {
  return (question.kind === 'integer' || question.kind === 'amount') && (question.min ?? 0) <= 0;
}

export function numberedList(labels: readonly string[], start = 1): string {
  return labels.map((label, i) => `${i + start} ${label}`).join('\n');
}

/** The question as one chat message: its text, then its numbered options. */
export function renderQuestion(question: Question): string {
  const lines = [question.text];
  if (question.options) lines.push(numberedList(question.options.map((o) => o.label)));
  if (question.kind === 'village') lines.push(MSG.villageTownHelp);
  return lines.join('\n');
}

/** After a reply that does not fit: what was wrong, the short hint, the question and its choices again. */
export function renderReask(question: Question, problem?: string): string {
  const footer = zeroIsAnswer(question) ? MSG.backFooterWordOnly : MSG.backFooter;
  return [[problem, question.hint].filter(Boolean).join(''), renderQuestion(question), footer].join('\n');
}

function readChoice(question: Question, text: string, multi: boolean): ReadResult {
  const options = question.options ?? [];
  const byLabel = options.find((o) => o.label === text);
  if (byLabel) return { ok: true, value: multi ? [byLabel.value] : byLabel.value };
  const picks = parsePicks(text, options.length, multi);
  if (!picks) return { ok: false };
  const values = picks.map((n) => options[n - 1].value);
  return { ok: true, value: multi ? values : values[0] };
}

/** Reads a reply as the answer to `question` (any kind but `village`). Free text keeps the resident's own punctuation. */
export function readAnswer(question: Question, raw: string): ReadResult {
  const text = question.kind === 'text' ? tidyFreeText(raw) : normalizeText(raw);
  switch (question.kind) {
    case 'choice':
      return readChoice(question, text, false);
    case 'multi':
      return readChoice(question, text, true);
    case 'text': {
      const length = [...text].length;
      if (length < (question.min ?? 1) || length > (question.max ?? 200)) return { ok: false };
      if (question.target === 'applicant.name' && !isPersonName(text)) return { ok: false };
      const hidden = hiddenCharacterProblem(question.label ?? '这一项', text, 'text');
      if (hidden) return { ok: false, problem: `${hidden}。` };
      return { ok: true, value: text };
    }
    case 'nameRelation': {
      const parsed = parseNameRelation(text);
      return parsed ? { ok: true, value: `${parsed.name}|${parsed.relation}` } : { ok: false };
    }
    case 'phone': {
      const phone = parsePhone(text);
      return phone ? { ok: true, value: phone } : { ok: false };
    }
    case 'idNumber': {
      const id = parseIdNumber(text);
      return id ? { ok: true, value: id } : { ok: false };
    }
    case 'integer': {
      const count = parseCount(text, question.min, question.max);
      if (count.ok) return { ok: true, value: count.value };
      return { ok: false, problem: count.reason === 'out_of_range' ? MSG.outOfRange : undefined };
    }
    case 'amount': {
      const amount = parseAmountWithin(text, question);
      if (amount.ok) return { ok: true, value: amount.value };
      const problem = amount.reason === 'negative' ? MSG.negativeAmount : amount.reason === 'too_large' ? MSG.tooLargeAmount : undefined;
      return { ok: false, problem };
    }
    case 'village':
      throw new Error('village answers are picked through villagePicker');
  }
}

/** How an answer reads back in the "改哪一项" list. */
export function displayAnswer(question: Question, answers: Answers, labels: Record<string, string>): string {
  const answer = answers[question.id];
  if (answer === undefined) return '';
  switch (question.kind) {
    case 'choice':
      return question.options?.find((o) => o.value === answer)?.label ?? String(answer);
    case 'multi': {
      const values = Array.isArray(answer) ? answer : [String(answer)];
      return values.map((v) => HARDSHIP_SHORT[v] ?? question.options?.find((o) => o.value === v)?.label ?? v).join('、');
    }
    case 'nameRelation': {
      const [name, relation] = String(answer).split('|');
      return `${name}（${relation}）`;
    }
    case 'idNumber':
      return maskIdNumber(String(answer));
    case 'village':
      return labels[question.id] ?? String(answer);
    case 'amount':
      return `${answer}元`;
    case 'text': {
      const text = String(answer);
      return [...text].length > 12 ? `${[...text].slice(0, 12).join('')}…` : text;
    }
    default:
      return String(answer);
  }
}

/** Hardships in two to five words, for the summary and the edit list. */
export const HARDSHIP_SHORT: Record<string, string> = {
  illness: '看病花钱多',
  schooling: '孩子上学难',
  housing: '房子不安全',
  water: '吃水难',
  disability: '家里有人残疾',
  disaster: '遭了灾',
  accident: '出了意外',
  industry: '种养生意亏本',
  employment: '没活干',
  labor: '缺劳动力',
  other: '其他困难',
};
