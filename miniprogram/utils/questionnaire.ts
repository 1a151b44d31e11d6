/**
 * The questionnaire as the server serves it (GET /api/questionnaire), and the rules for walking
 * it. This mirrors src/domain/questionnaire.ts, which the mini-program cannot import: keep the
 * two in step (test/miniprogram/questionnaireMirror.test.ts compares them on real answers).
 */
export type AnswerKind = 'choice' | 'multi' | 'text' | 'nameRelation' | 'phone' | 'idNumber' | 'village' | 'integer' | 'amount';

export interface QuestionOption {
  value: string;
  label: string;
  riskType?: string;
  set?: Record<string, unknown>;
  ends?: boolean;
}

export type Condition = { question: string; equals: string } | { question: string; includes: string };

export interface Question {
  id: string;
  kind: AnswerKind;
  text: string;
  hint: string;
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
  thresholds?: { year: number; incomeLine: number; medicalThreshold: number; rigidSpendingThreshold: number; isExample?: boolean };
  county?: { code: string; name: string };
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
export function applicableQuestions(def: QuestionnaireDefinition, answers: Answers): Question[] {
  return def.questions.filter((q) => conditionHolds(q.when, answers));
}

/** The first applicable question without an answer, or null when every question is answered. */
export function nextQuestion(def: QuestionnaireDefinition, answers: Answers): Question | null {
  return applicableQuestions(def, answers).find((q) => answers[q.id] === undefined) ?? null;
}

/** The applicable question right after `id` (null after the last one): the "下一步" of a linear walk. */
export function questionAfter(def: QuestionnaireDefinition, answers: Answers, id: string): Question | null {
  const list = applicableQuestions(def, answers);
  const index = list.findIndex((q) => q.id === id);
  return list[index + 1] ?? null;
}

/** The applicable question right before `id`, or null on the first one: the "上一步". */
export function questionBefore(def: QuestionnaireDefinition, answers: Answers, id: string): Question | null {
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
 * longer apply (the resident went back and changed a branch) are left out. nameRelation answers
 * are kept as "name|relation"; choice answers that are digits become numbers, as the API wants.
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
