/**
 * The questionnaire's shape and the rules for walking it: which questions apply to the answers
 * so far, which comes next, and the canonical declaration payload a finished walk produces. The
 * chat bot and the mini-program walk the same served definition with these same functions, so
 * both send the server the same payload for the same answers.
 *
 * A question writes its answer to `target` (a dotted path in the payload); a chosen option may
 * also `set` other paths. `when` decides whether a question is asked, from earlier answers.
 * `Risk` is the type of the risk-type codes options map to (the server narrows it to its list).
 */
export type AnswerKind =
  | 'choice' // one option
  | 'multi' // several options
  | 'text' // free text
  | 'nameRelation' // "李明|儿子"
  | 'phone' // 11 digits
  | 'idNumber' // 18 characters, checksum-valid
  | 'village' // a village code picked by search or town → village
  | 'integer' // a small count
  | 'amount'; // yuan; accepts 1万2, 12000, 一万二

export interface QuestionOption<Risk extends string = string> {
  value: string;
  /** The option as a button or tick box says it (mini-program), and in chat unless `chat` is given. */
  label: string;
  /** The option as one line of a numbered chat list, where `label` is too long for a phone line. */
  chat?: string;
  /** A few words for read-backs and "您是说‘…’吗" ("看病花钱多"); `label` when absent. */
  short?: string;
  /**
   * Everyday ways people say this option in a chat reply ("看病", "上个月", "不到一万"). Compared
   * after Chinese digits are read as digits, so "不到一万" meets "不到1万".
   */
  synonyms?: string[];
  /** For a bracket of money: a typed amount below this (and not below the option before) picks it. */
  amountBelow?: number;
  /** For hardship options: the risk type this plain-words choice maps to. */
  riskType?: Risk;
  /** Extra payload values set when this option is picked. */
  set?: Record<string, unknown>;
  /** Picking this ends the questionnaire without a declaration. */
  ends?: boolean;
}

export type Condition = { question: string; equals: string } | { question: string; includes: string };

/** How a question reads in one channel. */
export interface Wording {
  /** The question itself. */
  text: string;
  /** A short line shown after an answer that does not fit. */
  hint: string;
  /** A line under the question (the first screen's consent). */
  note?: string;
}

/**
 * How a question reads in chat (the bot, the Official Account): replies are typed, choices are
 * numbered, and a message fits one phone screen in 关怀模式 (12 lines of 14 characters).
 */
export interface ChatWording extends Wording {
  /**
   * A list too long for one screen, asked as two short ones: the options in `first` are numbered,
   * then one more number, `more`, opens the rest, asked with `restText`.
   */
  split?: { first: string[]; more: string; restText: string };
}

export interface Question<Risk extends string = string> {
  id: string;
  kind: AnswerKind;
  /** In chat: typed replies, numbered choices. */
  chat: ChatWording;
  /** On a screen of taps (the mini-program): buttons, tick boxes and separate boxes, no digits to type. */
  tap: Wording;
  /** Short label used in the summary ("户主", "困难"…). */
  label: string;
  target?: string | string[];
  options?: QuestionOption<Risk>[];
  min?: number;
  max?: number;
  when?: Condition;
  optional?: boolean;
}

export interface QuestionnaireDefinition<Risk extends string = string> {
  version: string;
  intro: string;
  questions: Question<Risk>[];
}

/** Question id → answer: option value, list of option values (multi), text, or a parsed number. */
export type Answers = Record<string, string | string[] | number | undefined>;

export function conditionHolds(condition: Condition | undefined, answers: Answers): boolean {
  if (!condition) return true;
  const answer = answers[condition.question];
  if ('equals' in condition) return String(answer ?? '') === condition.equals;
  return Array.isArray(answer) && answer.includes(condition.includes);
}

/** The questions that apply to these answers, in order. */
export function applicableQuestions<Q extends Question>(def: { questions: Q[] }, answers: Answers): Q[] {
  return def.questions.filter((q) => conditionHolds(q.when, answers));
}

/** The first applicable question without an answer, or null when every question is answered. */
export function nextQuestion<Q extends Question>(def: { questions: Q[] }, answers: Answers): Q | null {
  return applicableQuestions(def, answers).find((q) => answers[q.id] === undefined) ?? null;
}

/** The applicable question right after `id` (null after the last one): the "下一步" of a linear walk. */
export function questionAfter<Q extends Question>(def: { questions: Q[] }, answers: Answers, id: string): Q | null {
  const list = applicableQuestions(def, answers);
  const index = list.findIndex((q) => q.id === id);
  return list[index + 1] ?? null;
}

/** The applicable question right before `id`, or null on the first one: the "上一步". */
export function questionBefore<Q extends Question>(def: { questions: Q[] }, answers: Answers, id: string): Q | null {
  const list = applicableQuestions(def, answers);
  const index = list.findIndex((q) => q.id === id);
  return index > 0 ? list[index - 1] : null;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

/**
 * The canonical declaration payload for POST /api/declarations. Answers of questions that no
 * longer apply (the resident went back and changed a branch) are left out. A nameRelation answer
 * "name|relation" fills its two targets; choice answers that stand for numbers (1 有 / 2 没有…)
 * become numbers, as the API schema wants.
 */
export function answersToPayload(def: { questions: Question[] }, answers: Answers): Record<string, unknown> {
  const payload: Record<string, unknown> = { details: {}, proxy: null };
  for (const question of applicableQuestions(def, answers)) {
    const answer = answers[question.id];
    if (answer === undefined) continue;
    const targets = question.target === undefined ? [] : ([] as string[]).concat(question.target);
    if (question.kind === 'nameRelation') {
      const [name, relation] = String(answer).split('|');
      setPath(payload, targets[0], name);
      setPath(payload, targets[1], relation);
      continue;
    }
    const option = question.options?.find((o) => o.value === answer);
    for (const [path, value] of Object.entries(option?.set ?? {})) setPath(payload, path, value);
    const stored = question.kind === 'choice' && /^\d+$/.test(String(answer)) ? Number(answer) : answer;
    for (const path of targets) setPath(payload, path, stored);
  }
  return payload;
}
