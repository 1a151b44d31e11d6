import { maskIdNumber } from '../domain/idNumber';
import { HARDSHIP_OPTIONS, type Answers, type Question, type QuestionOption } from '../domain/questionnaire';
import { parseAmount, parseAmountWithin, parseCount } from '../shared/numbers';
import { matchOptionWords } from './everydayWords';
import { hiddenCharacterProblem } from '../shared/textRules';
import { MSG } from './messages';
import { isPersonName, normalizeText, tidyFreeText, parseIdNumber, parseNameRelation, parsePhone, parsePicks } from './parseReply';

/**
 * Pure helpers around one question of the questionnaire: how it reads in chat, how a reply
 * becomes an answer, how an answer reads back. Village questions are picked through the
 * ports and handled in villagePicker.ts.
 */
export type Answer = string | string[] | number;

/**
 * `more`: the reply picked the number that opens the rest of a split list (`value` holds what it
 * picked besides). `guess`: the reply only resembles an option's words — ask before taking it.
 */
export type ReadResult = { ok: true; value: Answer; more?: true } | { ok: false; problem?: string; guess?: Answer };

/** Whether a bare "0" is an answer here (a count or amount that may be zero) rather than "back". */
export function zeroIsAnswer(question: Question): boolean {
  return (question.kind === 'integer' || question.kind === 'amount') && (question.min ?? 0) <= 0;
}

export function numberedList(labels: readonly string[], start = 1): string {
  return labels.map((label, i) => `${i + start} ${label}`).join('\n');
}

/**
 * Which part of a question's list a chat message shows: all of it, or — for a list asked as two
 * short ones (`chat.split`) — the first options with one more number for the rest, or the rest.
 */
export type ListPage = 'whole' | 'first' | 'rest';

/** The options a page lists, in its numbering, and the words of the last number that opens the rest. */
export function pageOptions(question: Question, page: ListPage): { options: QuestionOption[]; more: string | null } {
  const options = question.options ?? [];
  const split = question.chat.split;
  if (!split || page === 'whole') return { options, more: null };
  if (page === 'first') return { options: options.filter((o) => split.first.includes(o.value)), more: split.more };
  return { options: options.filter((o) => !split.first.includes(o.value)), more: null };
}

/** The page a question opens on in chat. */
export function firstPage(question: Question): ListPage {
  return question.chat.split ? 'first' : 'whole';
}

/** An option in a few words: for "您是说‘…’吗" and read-backs. */
export function optionWords(option: QuestionOption): string {
  return option.short ?? option.label;
}

/** The question as one chat message: its chat wording, then its numbered options. */
export function renderQuestion(question: Question, page: ListPage = firstPage(question)): string {
  const lines = [page === 'rest' && question.chat.split ? question.chat.split.restText : question.chat.text];
  if (question.options) {
    const listed = pageOptions(question, page);
    lines.push(numberedList([...listed.options.map((o) => o.chat ?? o.label), ...(listed.more ? [listed.more] : [])]));
  }
  if (question.kind === 'village') lines.push(MSG.villageTownHelp);
  return lines.join('\n');
}

/**
 * After a reply that does not fit: what was wrong and the short hint, not the question again —
 * it is the message right above, and repeating a list doubles what a 关怀模式 screen must show.
 */
export function renderReask(question: Question, problem?: string): string {
  const footer = zeroIsAnswer(question) ? MSG.backFooterWordOnly : MSG.backFooter;
  return [[problem, question.chat.hint].filter(Boolean).join(''), footer].join('\n');
}

/** Two sets of picks of a multi question as one, in the list's order. */
export function mergePicks(question: Question, a: readonly string[], b: readonly string[]): string[] {
  return (question.options ?? []).map((o) => o.value).filter((v) => a.includes(v) || b.includes(v));
}

/** "您是说‘看病花钱多’吗？回复1是，2不是" */
export function renderGuess(question: Question, value: Answer): string {
  const values = ([] as unknown[]).concat(value).map(String);
  const words = (question.options ?? []).filter((o) => values.includes(o.value)).map((o) => `‘${optionWords(o)}’`);
  return MSG.guess(words.join('、'));
}

/** A reply to "您是说…吗": true for yes, false for no, null for anything else (then read as an answer). */
export function guessReply(text: string): boolean | null {
  if (/^(1|是|是的|对|对的|嗯|没错|对了|好|好的)$/.test(text)) return true;
  if (/^(2|不是|不对|错了|不|不是的)$/.test(text)) return false;
  return null;
}

/** One or two digits at a money bracket are still a pick ("2"), or a slip, never 2 元. */
const SHORT_NUMBER = /^\d{1,2}$/;

function readChoice(question: Question, text: string, multi: boolean, page: ListPage): ReadResult {
  const listed = pageOptions(question, page);
  const count = listed.options.length + (listed.more ? 1 : 0);
  const picks = parsePicks(text, count, multi);
  if (picks) {
    const values = picks.filter((n) => n <= listed.options.length).map((n) => listed.options[n - 1].value);
    if (listed.more !== null && picks.includes(count)) return { ok: true, value: values, more: true };
    return { ok: true, value: multi ? values : values[0] };
  }
  const options = question.options ?? [];
  if (!multi && options.some((o) => o.amountBelow !== undefined) && !SHORT_NUMBER.test(text)) {
    const amount = parseAmount(text);
    const bracket = amount.ok ? options.find((o) => o.amountBelow === undefined || amount.value < o.amountBelow) : undefined;
    if (bracket) return { ok: true, value: bracket.value };
  }
  const words = matchOptionWords(text, options, multi);
  if (!words) return { ok: false };
  const value = multi ? words.values : words.values[0];
  return words.sure ? { ok: true, value } : { ok: false, guess: value };
}

/**
 * Reads a reply as the answer to `question` (any kind but `village`), on the list page shown.
 * Free text keeps the resident's own punctuation.
 */
export function readAnswer(question: Question, raw: string, page: ListPage = 'whole'): ReadResult {
  const text = question.kind === 'text' ? tidyFreeText(raw) : normalizeText(raw);
  switch (question.kind) {
    case 'choice':
      return readChoice(question, text, false, page);
    case 'multi':
      return readChoice(question, text, true, page);
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

/** Hardships in two to five words, for the summary and the edit list (the options' `short`). */
export const HARDSHIP_SHORT: Record<string, string> = Object.fromEntries(HARDSHIP_OPTIONS.map((o) => [o.value, optionWords(o)]));
