import type { RiskType } from './riskTypes';

/**
 * The self-declaration questionnaire as data. The bot and the mini-program both walk this
 * definition (served by GET /api/questionnaire) and both end with the same canonical
 * declaration payload; the server derives everything else from that payload.
 *
 * A question writes its answer to `target` (a dotted path in the payload); a chosen option may
 * also `set` other paths. `when` decides whether a question is asked, from earlier answers.
 */
export type AnswerKind =
  | 'choice' // one digit
  | 'multi' // several digits separated by spaces
  | 'text' // free text
  | 'nameRelation' // "李明 儿子"
  | 'phone' // 11 digits
  | 'idNumber' // 18 characters, checksum-valid
  | 'village' // a village code picked by search or town → village
  | 'integer' // a small count
  | 'amount'; // yuan; accepts 1万2, 12000, 一万二

export interface QuestionOption {
  value: string;
  label: string;
  /** For hardship options: the risk type this plain-words choice maps to. */
  riskType?: RiskType;
  /** Extra payload values set when this option is picked. */
  set?: Record<string, unknown>;
  /** Picking this ends the questionnaire without a declaration. */
  ends?: boolean;
}

export type Condition =
  | { question: string; equals: string }
  | { question: string; includes: string };

export interface Question {
  id: string;
  kind: AnswerKind;
  text: string;
  /** A short line shown after an invalid reply. */
  hint: string;
  /** Short label used in the summary ("户主", "困难"…). */
  label: string;
  target?: string | string[];
  options?: QuestionOption[];
  min?: number;
  max?: number;
  when?: Condition;
  optional?: boolean;
}

export interface QuestionnaireDefinition {
  version: string;
  intro: string;
  questions: Question[];
}

export { HARDSHIP_OPTIONS, INCOME_BRACKETS, QUESTIONNAIRE } from './questionnaireContent';

/** Answers as the channels keep them: question id → the stored value (string, or list for `multi`). */
export type Answers = Record<string, string | string[] | number | undefined>;

export function conditionHolds(condition: Condition | undefined, answers: Answers): boolean {
  if (!condition) return true;
  const answer = answers[condition.question];
  if ('equals' in condition) return String(answer ?? '') === condition.equals;
  return Array.isArray(answer) && answer.includes(condition.includes);
}

/** The questions that apply to these answers, in order. */
export function applicableQuestions(def: QuestionnaireDefinition, answers: Answers): Question[] {
  return def.questions.filter((q) => conditionHolds(q.when, answers));
}

/** The first applicable question without an answer, or null when every question is answered. */
export function nextQuestion(def: QuestionnaireDefinition, answers: Answers): Question | null {
  return applicableQuestions(def, answers).find((q) => answers[q.id] === undefined) ?? null;
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
 * Builds the canonical declaration payload from a finished set of answers. Choice answers
 * that stand for numbers (1 有 / 2 没有…) are stored as numbers, matching the API schema.
 */
export function answersToPayload(def: QuestionnaireDefinition, answers: Answers): Record<string, unknown> {
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
