import { z } from 'zod';
import { chinaDate, monthDayWords, nextDate } from '../calendar';
import { DomainError } from '../errors';
import { CLOSE_REASONS, MONITORING_TYPES, RESIDENT_CLOSE_REASONS, type CloseReason, type MonitoringType } from './catalogues';
import { publicityWindow } from './clock';
import { MAX_HELP_FIRST, MAX_OBJECTIONS } from '../textLimits';
import { choice, note, personName, reason, date, text } from './fields';
import { decisionSchema, helpFirstSchema, objectionAnswerSchema, objectionSchema, publicityStartSchema, reviewSchema, type Confirmation } from './records';
import { OPEN_STATES, type CaseState } from './states';
import type { ActingRole, Outcome, Rule, RuleContext } from './types';
import { conclusionWords, incomeFigures, settleConclusion, visitSchema, visitSummaryLines, type VisitRecord } from './visit';

/**
 * THE rule table of the case procedure (DOMAIN.md §5; Gengma plan 附件2; Xing'an 附件4/5).
 * Every action a person can take on a case is one row: who may take it from which state, which
 * step it is (so whose 待办 the state sits in), what it asks for, the words the resident reads
 * in their timeline, and what it does — new state, field changes, notices, the resident's text.
 * `decide` (decide.ts) runs a row; services only apply what it returns. Adding a step is adding
 * a row here and its test.
 */

const refuse = (message: string, field?: string) => new DomainError('validation_failed', message, 400, field ? { field } : undefined);
const conflict = (message: string) => new DomainError('invalid_transition', message, 409);

/** The reasons staff may close a case for (村级评议未通过 is the review's own outcome). */
const CLOSE_BY_STAFF = { no_risk: CLOSE_REASONS.no_risk, not_eligible: CLOSE_REASONS.not_eligible, duplicate: CLOSE_REASONS.duplicate, withdrawn: CLOSE_REASONS.withdrawn } as const;
const STAFF: readonly ActingRole[] = ['township', 'county'];
const ANY_STAFF: readonly ActingRole[] = ['cadre', 'township', 'county'];

const dayWords = monthDayWords;

/** A form's date: not in the future, and not before the case existed (a visit is after the case came in). */
function checkDate(value: string, ctx: RuleContext<unknown>, field: string, label: string, earliest?: string): void {
  const today = chinaDate(ctx.env.now);
  if (value > today) throw refuse(`${label}不能晚于今天（${today}）`, field);
  const floor = earliest ?? nextDate(chinaDate(ctx.c.createdAt), -30);
  if (value < floor) throw refuse(`${label}不能早于${floor}`, field);
}

/** The visit leaves the 双签字 step: on to 村级评议, or 核查结束 with the visit's reason. */
function finishVisit(ctx: RuleContext<unknown>, by: Confirmation['by'], byName: string): Outcome {
  const visit = ctx.c.visit as VisitRecord;
  const confirmation: Confirmation = { ...(ctx.c.confirmation as Confirmation), state: 'confirmed', by, byName, at: ctx.env.now.toISOString() };
  if (visit.conclusion.conclusion === 'proceed') return { to: 'village_review', changes: { confirmation } };
  return {
    to: 'closed',
    changes: { confirmation, closeReason: visit.conclusion.endReason },
    notices: [{ to: 'resident', kind: 'case_closed' }],
    residentText: `村里核查后，这次没有列入帮扶（${RESIDENT_CLOSE_REASONS[visit.conclusion.endReason as CloseReason]}）。有疑问可以找村干部；以后有新困难可以再申报。`,
  };
}

const residentCloseWords = (data: Record<string, unknown>) => {
  const code = data.reason as CloseReason | undefined;
  return code && code in CLOSE_REASONS ? `办结（${RESIDENT_CLOSE_REASONS[code]}）` : '办结';
};

/** Types one row: its input schema types what `run` receives. */
const rule = <S extends z.ZodType>(row: Rule<S>): Rule<S> => row;

export const RULES = {
  assign: rule({
    label: '分派',
    // Also mid-procedure: a cadre who leaves (or is deactivated) hands on cases already accepted.
    by: { submitted: STAFF, assigned: STAFF, investigating: STAFF, confirming: STAFF, village_review: STAFF, publicity: STAFF },
    step: { submitted: 'township' },
    bulk: true,
    input: z.object({ assigneeId: z.number({ error: '请选择村干部' }).int().positive({ error: '请选择村干部' }).meta({ title: '村干部', 'x-widget': 'assignee' }), note }).strict(),
    resident: '交给村干部',
    run: ({ c, input, env }) => {
      const cadre = env.assignee;
      if (!cadre || !cadre.active || !cadre.responsible || cadre.id !== input.assigneeId) throw refuse('只能分派给负责这个村的村干部', 'assigneeId');
      // Before acceptance the new cadre starts the 受理 step; later the case keeps its step and its clock.
      const to = c.state === 'submitted' || c.state === 'assigned' ? 'assigned' : c.state;
      return { to, changes: { assigneeId: cadre.id, needsRouting: false }, notices: [{ to: 'assignee', kind: 'case_assigned', note: input.note }], note: input.note };
    },
  }),
  accept: rule({
    label: '受理',
    by: { assigned: ['cadre'] },
    step: { assigned: 'cadre' },
    input: z.object({ note }).strict(),
    resident: '村干部接手了您的申报',
    run: ({ input, actorName }) => ({
      to: 'investigating',
      notices: [{ to: 'resident', kind: 'case_accepted' }],
      residentText: `村干部${actorName}已受理您的申报，会两人一起到您家了解情况，请准备好户口本和身份证。`,
      note: input.note,
    }),
  }),
  transfer: rule({
    label: '转交乡镇',
    by: { assigned: ['cadre'], investigating: ['cadre'] },
    input: z.object({ reason }).strict(),
    resident: '转给乡镇重新安排',
    run: ({ input }) => ({
      to: 'submitted',
      changes: { assigneeId: null, needsRouting: true },
      notices: [{ to: 'township', kind: 'case_transferred', note: input.reason }],
      note: input.reason,
    }),
  }),
  close: rule({
    label: '结案',
    // The system closes a call-back request the resident then declared in full (a duplicate).
    by: { submitted: [...STAFF, 'system'], assigned: [...ANY_STAFF, 'system'], investigating: ANY_STAFF },
    input: z
      .object({
        reason: choice('结案原因', CLOSE_BY_STAFF, '结案原因只能是：核查无风险、不符合纳入条件、重复申报、群众撤回'),
        note,
      })
      .strict(),
    resident: residentCloseWords,
    run: ({ input, actor }) => ({
      to: 'closed',
      changes: { closeReason: input.reason },
      // The household just declared again and was told so: no second message about the old request.
      notices: actor.kind === 'system' ? [] : [{ to: 'resident', kind: 'case_closed' }],
      residentText: `这件申报已办结（${RESIDENT_CLOSE_REASONS[input.reason]}）。以后有新困难可以再申报。`,
      note: input.note ?? CLOSE_REASONS[input.reason],
    }),
  }),
  record_visit: rule({
    label: '录入核查认定表',
    by: { investigating: ['cadre'], confirming: ['cadre'] },
    step: { investigating: 'cadre' },
    input: visitSchema,
    resident: '村干部到您家了解了情况',
    run: (ctx) => {
      const { input, env, c, actorName } = ctx;
      checkDate(input.visitedOn, ctx, 'visitedOn', '入户日期');
      const settled = settleConclusion(input);
      if (typeof settled === 'string') throw refuse(settled, 'conclusion');
      const { conclusion: _chosen, endReason: _reason, ...entered } = input;
      const figures = incomeFigures(input.income, input.householdSize, env.incomeLine);
      const visit: VisitRecord = { ...entered, figures, conclusion: settled, recordedBy: actorName, recordedAt: env.now.toISOString() };
      const askedInWeChat = c.residentId !== null;
      const confirmation: Confirmation = { state: 'pending', requestedAt: env.now.toISOString(), askedInWeChat };
      return {
        to: 'confirming',
        changes: { visit, confirmation },
        notices: askedInWeChat ? [{ to: 'resident', kind: 'case_visit_confirm' }] : [],
        // The summary itself is the message: the household confirms what it reads (双签字).
        residentText: ['村干部记下了入户核查的情况，请您看看对不对：', ...visitSummaryLines(visit)].join('\n'),
        note: input.note,
        restartClock: true,
      };
    },
  }),
  confirm_visit: rule({
    label: '户主确认核查情况',
    by: { confirming: ['resident'] },
    input: z.object({ note }).strict(),
    resident: '您确认了核查情况',
    run: (ctx) => finishVisit(ctx, ctx.c.proxyName ? 'proxy' : 'household', ctx.c.proxyName ?? ctx.c.applicantName),
  }),
  object_visit: rule({
    label: '户主对核查有不同意见',
    by: { confirming: ['resident'] },
    input: z.object({ words: text('您的意见', 2, 300) }).strict(),
    resident: '您对核查情况提了不同意见',
    run: ({ c, input, env }) => ({
      to: 'investigating',
      changes: { confirmation: { ...(c.confirmation as Confirmation), state: 'objected', words: input.words, at: env.now.toISOString() } },
      notices: [{ to: 'assignee', kind: 'case_visit_objected', note: input.words }],
      note: input.words,
    }),
  }),
  record_signature: rule({
    label: '户主已纸质签字',
    by: { confirming: ['cadre'] },
    step: { confirming: 'cadre' },
    input: z.object({ signedOn: date('签字日期'), signer: personName('签字人').optional(), note }).strict(),
    resident: '户主在核查认定表上签了字',
    run: (ctx) => {
      checkDate(ctx.input.signedOn, ctx, 'signedOn', '签字日期', (ctx.c.visit as VisitRecord).visitedOn);
      return { ...finishVisit(ctx, 'paper', ctx.input.signer ?? ctx.c.applicantName), note: ctx.input.note };
    },
  }),
  record_review: rule({
    label: '录入村级评议',
    by: { village_review: ['cadre'] },
    step: { village_review: 'cadre' },
    input: reviewSchema,
    resident: (data) => (data.result === 'fail' ? '村里开会商量后，这次没有通过' : '村里开会商量通过了'),
    run: (ctx) => {
      const { input, env, actorName } = ctx;
      checkDate(input.meetingOn, ctx, 'meetingOn', '评议日期', (ctx.c.visit as VisitRecord | null)?.visitedOn);
      const review = { ...input, recordedBy: actorName, recordedAt: env.now.toISOString() };
      if (input.result === 'pass') return { changes: { review }, note: input.note };
      return {
        to: 'closed',
        changes: { review, closeReason: 'review_failed' },
        notices: [{ to: 'resident', kind: 'case_closed' }],
        residentText: `村里开会商量后，这次没有通过：${input.reason}。有疑问可以找村干部。`,
        note: input.reason,
      };
    },
  }),
  start_publicity: rule({
    label: '开始公示',
    by: { village_review: ['cadre'] },
    input: publicityStartSchema,
    resident: '名单贴在村里了',
    ready: (c) => (c.review?.result === 'pass' ? null : '请先录入村级评议结果，评议通过后才能公示'),
    run: ({ c, input, env }) => {
      if (!c.review) throw conflict('请先录入村级评议结果');
      const today = chinaDate(env.now);
      if (input.startsOn < c.review.meetingOn) throw refuse(`公示不能早于评议日期（${c.review.meetingOn}）`, 'startsOn');
      if (input.startsOn < nextDate(today, -10) || input.startsOn > nextDate(today, 30)) throw refuse('公示开始日期应在最近10天到今后30天之间', 'startsOn');
      const window = publicityWindow(input.startsOn, env.clock, env.calendar);
      const publicity = {
        startsOn: input.startsOn,
        ...(input.place ? { place: input.place } : {}),
        days: env.clock.publicityDays,
        unit: env.clock.publicityUnit,
        endsAt: window.dueAt.toISOString(),
        provisional: window.provisional,
        objections: [],
      };
      const ends = chinaDate(window.dueAt);
      return {
        to: 'publicity',
        changes: { publicity },
        notices: [{ to: 'resident', kind: 'case_published' }],
        residentText: `村里开会商量通过了，${dayWords(input.startsOn)}到${dayWords(ends)}把名单贴在村里，让大家看看。有意见可以找村干部。`,
        note: input.note,
      };
    },
  }),
  record_objection: rule({
    label: '登记公示异议',
    by: { publicity: ['cadre'] },
    input: objectionSchema,
    resident: null,
    run: (ctx) => {
      const publicity = ctx.c.publicity!;
      // The list is stored in the case's publicity column: it must stay bounded (textLimits.ts).
      if (publicity.objections.length >= MAX_OBJECTIONS) throw refuse(`一次公示最多登记${MAX_OBJECTIONS}条异议，请把同类意见合并登记`, 'content');
      checkDate(ctx.input.receivedOn, ctx, 'receivedOn', '收到日期', publicity.startsOn);
      const objection = { ...ctx.input, no: publicity.objections.length + 1, recordedBy: ctx.actorName, recordedAt: ctx.env.now.toISOString() };
      return { changes: { publicity: { ...publicity, objections: [...publicity.objections, objection] } }, note: ctx.input.content };
    },
  }),
  answer_objection: rule({
    label: '答复公示异议',
    by: { publicity: ['cadre'] },
    input: objectionAnswerSchema,
    resident: null,
    ready: (c) => (c.publicity?.objections.some((o) => !o.answer) ? null : '没有要答复的异议'),
    run: ({ c, input, env, actorName }) => {
      const publicity = c.publicity!;
      const objection = publicity.objections.find((o) => o.no === input.no);
      if (!objection) throw refuse(`没有第${input.no}条异议`, 'no');
      if (objection.answer) throw conflict(`第${input.no}条异议已经答复过了`);
      const answered = { ...objection, answer: { finding: input.finding, text: input.answer, by: actorName, at: env.now.toISOString() } };
      return {
        changes: { publicity: { ...publicity, objections: publicity.objections.map((o) => (o.no === input.no ? answered : o)) } },
        note: input.answer,
      };
    },
  }),
  finish_publicity: rule({
    label: '公示结束',
    by: { publicity: ['cadre'] },
    step: { publicity: 'cadre' },
    input: z.object({ note }).strict(),
    resident: '名单张贴期满',
    ready: (c, env) => {
      const publicity = c.publicity;
      if (!publicity) return '还没有开始公示';
      if (env.now.getTime() <= Date.parse(publicity.endsAt)) {
        const unit = publicity.unit === 'working' ? '个工作日' : '天';
        return `公示${publicity.days}${unit}，到${dayWords(chinaDate(new Date(publicity.endsAt)))}结束，期满后才能结束公示`;
      }
      const open = publicity.objections.filter((o) => !o.answer);
      if (open.length) return `还有${open.length}条异议没有答复（第${open.map((o) => o.no).join('、')}条），答复后才能结束公示`;
      if (publicity.objections.some((o) => o.answer?.finding === 'founded')) return '有异议经核实属实，不能结束公示：请退回村级评议重新评议（评议不通过即结案）';
      return null;
    },
    run: ({ c, input }) => {
      const publicity = c.publicity!;
      return { to: 'township_review', note: input.note ?? (publicity.objections.length ? `异议${publicity.objections.length}条均已答复` : '公示无异议') };
    },
  }),
  township_approve: rule({
    label: '乡镇审核通过',
    by: { township_review: ['township'] },
    step: { township_review: 'township' },
    bulk: true,
    input: z.object({ note }).strict(),
    resident: '乡镇看过了，交给县里',
    run: ({ input }) => ({ to: 'county_review', note: input.note }),
  }),
  township_return: rule({
    label: '乡镇退回重新评议',
    by: { township_review: ['township'] },
    input: z.object({ reason }).strict(),
    resident: '乡镇请村里再商量一次',
    run: ({ input }) => ({
      to: 'village_review',
      changes: { review: null, publicity: null },
      notices: [{ to: 'assignee', kind: 'case_sent_back', note: input.reason }],
      note: input.reason,
    }),
  }),
  county_confirm: rule({
    label: '县级确定纳入监测',
    by: { county_review: ['county'] },
    step: { county_review: 'county' },
    input: decisionSchema,
    resident: '县里定了帮扶您家',
    run: ({ c, input }) => {
      const type = (input.monitoringType ?? c.review?.proposedType) as MonitoringType | undefined;
      if (!type) throw refuse('请选择监测对象类型', 'monitoringType');
      const measures = input.measures ?? c.review?.measures ?? [];
      return {
        to: 'monitored',
        changes: { monitoringType: type, measures },
        notices: [{ to: 'resident', kind: 'case_decided' }, { to: 'assignee', kind: 'case_decided' }],
        residentText: `县里定了帮扶您家（${MONITORING_TYPES[type]}），帮扶干部会和您商量怎么帮。`,
        note: input.note,
      };
    },
  }),
  county_reject: rule({
    label: '县级确定不予纳入',
    by: { county_review: ['county'] },
    input: z.object({ reason }).strict(),
    resident: '县里这次没有列入帮扶',
    run: ({ input }) => ({
      to: 'rejected',
      changes: { monitoringType: null },
      notices: [{ to: 'resident', kind: 'case_decided' }, { to: 'assignee', kind: 'case_decided', note: input.reason }],
      residentText: `县里这次没有把您家列入帮扶，原因是：${[...input.reason].length > 40 ? `${[...input.reason].slice(0, 39).join('')}…` : input.reason}。有疑问可以找村干部。`,
      note: input.reason,
    }),
  }),
  send_back: rule({
    label: '退回上一步',
    by: { village_review: ['cadre'], publicity: ['cadre'], county_review: ['county'] },
    input: z.object({ reason }).strict(),
    resident: '退回上一步重新办理',
    run: ({ c, input }) => {
      const to = SEND_BACK_TO[c.state as keyof typeof SEND_BACK_TO];
      // Back to the review means a new 评议: the old one (and its publicity) no longer stands.
      const changes = to === 'investigating' || to === 'village_review' ? { review: null, publicity: null } : {};
      return { to, changes, notices: to === 'township_review' ? [{ to: 'township', kind: 'case_sent_back', note: input.reason }] : [], note: input.reason };
    },
  }),
  reopen: rule({
    label: '重新办理',
    by: { closed: STAFF },
    input: z.object({ reason }).strict(),
    resident: '重新办理',
    run: ({ c, input }) => ({
      to: c.assigneeId ? 'assigned' : 'submitted',
      changes: { closeReason: null, visit: null, confirmation: null, review: null, publicity: null, needsRouting: c.assigneeId === null },
      notices: [c.assigneeId ? { to: 'assignee', kind: 'case_reopened', note: input.reason } : { to: 'township', kind: 'case_needs_routing', note: input.reason }, { to: 'resident', kind: 'case_reopened' }],
      residentText: '您的申报重新办理，村干部会和您联系。',
      note: input.reason,
      restartProcedure: true,
    }),
  }),
  help_first: rule({
    label: '先行帮扶',
    by: Object.fromEntries(OPEN_STATES.map((s) => [s, STAFF])),
    input: helpFirstSchema,
    resident: (data) => `先给您家的帮助：${String(data.what ?? '')}`,
    ready: (c) => (c.urgent ? null : '先行帮扶只用于紧急情况（遭灾、意外、没水吃等）'),
    run: (ctx) => {
      const { c, input, env, actorName } = ctx;
      if ((c.helpFirst ?? []).length >= MAX_HELP_FIRST) throw refuse(`一件申报最多登记${MAX_HELP_FIRST}次先行帮扶，请把同类帮扶合并登记`, 'what');
      checkDate(input.givenOn, ctx, 'givenOn', '帮扶日期');
      const record = { ...input, by: actorName, at: env.now.toISOString() };
      return { changes: { helpFirst: [...(c.helpFirst ?? []), record] }, notices: [{ to: 'assignee', kind: 'case_helped_first', note: input.what }], note: input.what };
    },
  }),
};

/** Where 退回上一步 lands from each state it may be taken in. */
const SEND_BACK_TO = { village_review: 'investigating', publicity: 'village_review', county_review: 'township_review' } as const satisfies Partial<Record<CaseState, CaseState>>;


export type CaseAction = keyof typeof RULES;
export const CASE_ACTIONS = Object.keys(RULES) as CaseAction[];
export const ruleOf = (action: CaseAction): Rule => RULES[action] as unknown as Rule;

/** The actions the console offers for several cases at once. */
export const BULK_ACTIONS = CASE_ACTIONS.filter((a) => ruleOf(a).bulk === true);

/** The step a resident, not staff, takes: the 双签字 answer. */
export const RESIDENT_ACTIONS = CASE_ACTIONS.filter((a) => Object.values(ruleOf(a).by).some((roles) => roles?.includes('resident')));

