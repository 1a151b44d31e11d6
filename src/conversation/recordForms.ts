import { z } from 'zod';
import {
  MEASURE_GROUPS,
  MEASURE_LABELS,
  MONITORING_TYPES,
  objectionAnswerSchema,
  objectionSchema,
  publicityStartSchema,
  reviewSchema,
  type Measure,
  type MonitoringType,
} from '../domain/workflow';
import type { FormDef, FormReview, FormStep, FormValues } from './form';
import { choiceStep, countStep, dayStep, multiStep, notInFuture, textStep, type Option } from './formSteps';
import { MSG } from './messages';
import { dayWords } from './parseDay';
import type { ObjectionFacts } from './ports';
import { firstProblem } from './schemaProblem';

/**
 * The shorter cadre forms, each one action of the rule table: 已签字 (record_signature),
 * 评议 (record_review), 公示 (start_publicity), 异议 (record_objection), 答复 (answer_objection).
 * Their answers are checked with the domain's own schema before the read-back.
 */
export interface CaseContext {
  applicantName: string;
  /** The day the step cannot precede (the visit, the review, the publicity's start), when known. */
  since: string | null;
}

export interface AnswerContext extends CaseContext {
  open: ObjectionFacts[];
}

const title = (what: string) => (ctx: CaseContext, code: string | null) => `${code} ${ctx.applicantName}家的${what}`;

/** Answers (without empty optional ones) checked with the schema; the read-back lines, or the step to redo. */
function checked(schema: z.ZodType, input: Record<string, unknown>, steps: readonly FormStep<never>[], lines: () => string[]): FormReview {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, lines: lines() };
  return { ok: false, ...firstProblem(parsed.error, (path) => (steps.some((s) => s.id === String(path[0])) ? String(path[0]) : steps[0].id)) };
}

const defined = (input: Record<string, unknown>) => Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== ''));

/** A past day, not before the step the case came from (the visit, the review, the publicity's start). */
const caseDayStep = <C extends CaseContext>(id: string, label: string, text: string): FormStep<C> =>
  dayStep<C>(id, label, text, {
    check: (day, today, ctx) => notInFuture(day, today) ?? (ctx.since && day < ctx.since ? MSG.formDayTooEarly(label, dayWords(ctx.since)) : null),
  });

// 已签字: the household signed the paper 核查认定表, the cadre keeps it.
const SIGNATURE_STEPS: FormStep<CaseContext>[] = [
  caseDayStep('signedOn', '签字日期', '户主哪天在核查认定表上签的字？'),
  textStep('signer', '签字人', '谁签的字？', 2, 20, { ask: (_v, ctx) => `回复1：户主${ctx.applicantName}本人；别人签的请写名字。`, skip: { digit: '1', value: '' } }),
];

export const SIGNATURE_FORM: FormDef<CaseContext> = {
  kind: 'signature',
  title: title('纸质签字'),
  steps: SIGNATURE_STEPS,
  input: (v) => defined({ signedOn: v.signedOn, signer: v.signer }),
  review: (v, ctx) => ({ ok: true, lines: [`${dayWords(String(v.signedOn))}，${v.signer || `户主${ctx.applicantName}`}在核查认定表上签了字（纸质表由村里留存）`] }),
};

// 评议: the village meeting, its result, the proposed type and the measures (附件5).
const MEASURE_OPTIONS: Option<Measure | 'other'>[] = [...(Object.keys(MEASURE_LABELS) as Measure[]).map((m) => ({ value: m, label: MEASURE_LABELS[m] })), { value: 'other', label: '其他（自己写）' }];
const MEASURE_LIST = (() => {
  let n = 0;
  const lines = Object.entries(MEASURE_GROUPS).map(([group, items]) => `${group}：${Object.values(items).map((label) => `${++n} ${label}`).join(' ')}`);
  return [...lines, `${++n} 其他（自己写）`].join('\n');
})();
const TYPE_OPTIONS: Option<MonitoringType>[] = (Object.keys(MONITORING_TYPES) as MonitoringType[]).map((t) => ({ value: t, label: MONITORING_TYPES[t] }));
const passed = (v: FormValues) => v.result === 'pass';
const measuresOf = (v: FormValues) => (Array.isArray(v.measures) ? (v.measures as string[]) : []);

const REVIEW_STEPS: FormStep<CaseContext>[] = [
  caseDayStep('meetingOn', '评议日期', '哪天开的村级评议会？'),
  countStep('attendance', '参会人数', '参会多少人？', 3, 500, { unit: '人' }),
  choiceStep('result', '评议结果', '评议结果？', [
    { value: 'pass', label: '通过' },
    { value: 'fail', label: '不通过' },
  ]),
  textStep('reason', '不通过的原因', '不通过的原因？', 2, 300, { when: (v) => v.result === 'fail' }),
  choiceStep('proposedType', '拟认定类型', '拟认定为哪类监测对象？', TYPE_OPTIONS, { when: passed }),
  multiStep('measures', '帮扶措施', '拟采取哪些帮扶措施？可以选几个，用空格隔开', MEASURE_OPTIONS, { when: passed, list: MEASURE_LIST }),
  textStep('otherMeasure', '其他帮扶措施', '其他帮扶措施是什么？', 2, 100, { when: (v) => passed(v) && measuresOf(v).includes('other') }),
];

function reviewInput(v: FormValues): Record<string, unknown> {
  const base = { meetingOn: v.meetingOn, attendance: v.attendance, result: v.result };
  if (!passed(v)) return defined({ ...base, reason: v.reason });
  return defined({ ...base, proposedType: v.proposedType, measures: measuresOf(v).filter((m) => m !== 'other'), otherMeasure: v.otherMeasure });
}

export const REVIEW_FORM: FormDef<CaseContext> = {
  kind: 'review',
  title: title('村级评议'),
  steps: REVIEW_STEPS,
  input: reviewInput,
  review: (v) =>
    checked(reviewSchema, reviewInput(v), REVIEW_STEPS as FormStep<never>[], () => {
      const head = `${dayWords(String(v.meetingOn))}村级评议，${String(v.attendance)}人参会，${passed(v) ? '通过' : '不通过'}`;
      if (!passed(v)) return [head, `原因：${String(v.reason)}`];
      const measures = [...measuresOf(v).filter((m) => m !== 'other').map((m) => MEASURE_LABELS[m as Measure]), v.otherMeasure].filter(Boolean);
      return [head, `拟认定：${MONITORING_TYPES[v.proposedType as MonitoringType]}`, `帮扶措施：${measures.join('、')}`];
    }),
};

// 公示: its first day and, if the cadre says, where.
const PUBLICITY_STEPS: FormStep<CaseContext>[] = [
  dayStep('startsOn', '公示开始日期', '哪天开始公示？', { second: 'tomorrow' }),
  textStep('place', '公示地点', '在哪里公示？例如：村委会公示栏', 2, 100, { ask: () => '不写地点请回复1。', skip: { digit: '1', value: '' } }),
];
const publicityInput = (v: FormValues) => defined({ startsOn: v.startsOn, place: v.place });

export const PUBLICITY_FORM: FormDef<CaseContext> = {
  kind: 'publicity',
  title: title('公示'),
  steps: PUBLICITY_STEPS,
  input: publicityInput,
  review: (v) =>
    checked(publicityStartSchema, publicityInput(v), PUBLICITY_STEPS as FormStep<never>[], () => [
      `${dayWords(String(v.startsOn))}开始公示${v.place ? `，地点：${String(v.place)}` : ''}`,
      MSG.publicityWindowNote,
    ]),
};

// 异议: who raised it, what, when it reached the village.
const OBJECTION_STEPS: FormStep<CaseContext>[] = [
  textStep('raisedBy', '提出人', '谁提的异议？请写名字', 1, 20, { ask: () => '不愿留名的回复1（匿名）。', skip: { digit: '1', value: '匿名' } }),
  textStep('content', '异议内容', '异议的内容是什么？', 2, 300),
  caseDayStep('receivedOn', '收到日期', '哪天收到的？'),
];
const objectionInput = (v: FormValues) => defined({ raisedBy: v.raisedBy, content: v.content, receivedOn: v.receivedOn });

export const OBJECTION_FORM: FormDef<CaseContext> = {
  kind: 'objection',
  title: title('公示异议'),
  steps: OBJECTION_STEPS,
  input: objectionInput,
  review: (v) =>
    checked(objectionSchema, objectionInput(v), OBJECTION_STEPS as FormStep<never>[], () => [
      `${dayWords(String(v.receivedOn))}收到${String(v.raisedBy)}的异议：`,
      String(v.content),
    ]),
};

// 答复: which objection (when several are open), what the check found, the answer.
const objectionLine = (o: ObjectionFacts) => `第${o.no}条（${o.raisedBy}）：${[...o.content].length > 20 ? `${[...o.content].slice(0, 20).join('')}…` : o.content}`;

const ANSWER_STEPS: FormStep<AnswerContext>[] = [
  {
    id: 'no',
    label: '异议',
    prompt: (_v, ctx) => ['答复哪一条异议？回复序号：', ...ctx.open.map(objectionLine)].join('\n'),
    read: (text, _raw, _v, ctx) => {
      const no = Number(text);
      return ctx.open.some((o) => o.no === no) ? { ok: true, value: no } : { ok: false, problem: MSG.answerWhich };
    },
    show: (value) => `第${String(value)}条`,
  },
  choiceStep('finding', '核实结果', '核实的结果？', [
    { value: 'unfounded', label: '不属实' },
    { value: 'founded', label: '属实' },
  ]),
  textStep('answer', '答复', '答复的内容？', 2, 300),
];
const answerInput = (v: FormValues) => defined({ no: v.no, finding: v.finding, answer: v.answer });

export const ANSWER_FORM: FormDef<AnswerContext> = {
  kind: 'answer',
  title: title('异议答复'),
  steps: ANSWER_STEPS,
  input: answerInput,
  review: (v, ctx) =>
    checked(objectionAnswerSchema, answerInput(v), ANSWER_STEPS as FormStep<never>[], () => {
      const objection = ctx.open.find((o) => o.no === v.no);
      return [objection ? objectionLine(objection) : `第${String(v.no)}条`, `核实：${v.finding === 'founded' ? '属实' : '不属实'}`, `答复：${String(v.answer)}`];
    }),
};
