import { declarationSchema } from '../domain/declaration';
import { maskIdNumber, maskPhone } from '../domain/idNumber';
import { answersToPayload, QUESTIONNAIRE, type Answers, type Question } from '../domain/questionnaire';
import type { FormDef, FormStep, FormValues } from './form';
import { choiceStep } from './formSteps';
import { MSG } from './messages';
import type { Place } from './ports';
import { displayAnswer, readAnswer, renderQuestion } from './questions';
import { firstProblem } from './schemaProblem';

/**
 * 登记 (基层干部排查): a cadre files a case for a household found while screening. The household's
 * details are asked with the questionnaire's own questions (the same checks and wording as a
 * declaration: the ID number checksum-checked), in one of the cadre's villages, with the
 * household's consent confirmed verbally. The ID number is never written back unmasked.
 */
export interface RegisterContext {
  villages: Place[];
}

const QUESTIONS = ['name', 'idNumber', 'phone', 'household', 'hardships', 'otherText', 'income'];

const questionOf = (id: string): Question => {
  const question = QUESTIONNAIRE.questions.find((q) => q.id === id);
  if (!question) throw new Error(`unknown question ${id}`);
  return question;
};

/** The form's answers as the questionnaire's (a household's own declaration for itself). */
function answersOf(values: FormValues): Answers {
  const answers: Answers = { start: '1' };
  for (const [id, value] of Object.entries(values)) if (QUESTIONS.includes(id) || id === 'village') answers[id] = value as Answers[string];
  return answers;
}

/** One questionnaire question as a form step: its text, its reading of the reply, its read-back. */
function questionStep(id: string): FormStep<RegisterContext> {
  const question = questionOf(id);
  return {
    id,
    label: question.label,
    when: id === 'otherText' ? (v) => Array.isArray(v.hardships) && v.hardships.includes('other') : undefined,
    freeText: question.kind === 'text',
    // A cadre reads the whole list at once: the two short lists are for residents' phones.
    prompt: () => renderQuestion(question, 'whole'),
    read: (_text, raw) => {
      const read = readAnswer(question, raw);
      return read.ok ? read : { ok: false, problem: [read.problem, question.chat.hint].filter(Boolean).join('') };
    },
    // What the cadre typed is read back masked like the ID number (the summary may be read over a shoulder).
    show: (value, values) => (question.kind === 'phone' ? maskPhone(String(value)) : displayAnswer(question, answersOf(values), {})),
  };
}

const STEPS: FormStep<RegisterContext>[] = [
  {
    id: 'village',
    label: '村',
    prompt: (_v, ctx) => ['这户在哪个村？回复序号：', ...ctx.villages.map((p, i) => `${i + 1} ${p.name}`)].join('\n'),
    read: (text, _raw, _v, ctx) => {
      const n = Number(text);
      return Number.isInteger(n) && n >= 1 && n <= ctx.villages.length ? { ok: true, value: ctx.villages[n - 1].code } : { ok: false, problem: MSG.formPickOne(ctx.villages.length) };
    },
    show: (value, _v, ctx) => ctx.villages.find((p) => p.code === value)?.name ?? String(value),
  },
  ...QUESTIONS.map(questionStep),
  choiceStep('consent', '户主同意', '户主是否已经口头同意：申报的情况只用于核实和帮扶，并同意村里核实家庭收入和财产？', [
    { value: true, label: '已同意' },
    { value: false, label: '没同意' },
  ]),
];

/** The canonical declaration payload of the answers. */
export function registerPayload(values: FormValues): Record<string, unknown> {
  return answersToPayload(QUESTIONNAIRE, answersOf(values));
}

const PAYLOAD_STEPS: Record<string, string> = { name: 'name', idNumber: 'idNumber', phone: 'phone', villageCode: 'village', householdSize: 'household', hardships: 'hardships', otherText: 'otherText', annualIncome: 'income', incomeBracket: 'income' };

export const REGISTER_FORM: FormDef<RegisterContext> = {
  kind: 'register',
  numbered: true,
  title: () => '基层干部排查登记',
  steps: STEPS,
  input: registerPayload,
  review: (values, ctx) => {
    if (values.consent !== true) return { ok: false, step: 'consent', problem: MSG.registerNeedsConsent };
    const parsed = declarationSchema.safeParse(registerPayload(values));
    if (!parsed.success) return { ok: false, ...firstProblem(parsed.error, (path) => PAYLOAD_STEPS[String(path[path.length - 1])] ?? 'name') };
    const d = parsed.data;
    const village = ctx.villages.find((p) => p.code === d.applicant.villageCode)?.name ?? '';
    const answers = answersOf(values);
    return {
      ok: true,
      lines: [
        `户主${d.applicant.name}（${maskIdNumber(d.applicant.idNumber)}），${village}，${d.householdSize}口人，电话${maskPhone(d.applicant.phone)}`,
        `困难：${displayAnswer(questionOf('hardships'), answers, {})}`,
        `去年收入：${displayAnswer(questionOf('income'), answers, {})}`,
        '户主已口头同意核实',
      ],
    };
  },
};
