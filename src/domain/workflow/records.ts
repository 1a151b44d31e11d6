import { z } from 'zod';
import type { RiskType } from '../riskTypes';
import { MEASURE_LABELS, MEASURES, MONITORING_TYPES, type Measure, type MonitoringType } from './catalogues';
import { MAX_OBJECTIONS } from '../textLimits';
import { choice, codes, count, date, line, note, text, yuan } from './fields';
import type { IntakeMethod } from './catalogues';
import type { CaseState } from './states';
import type { VisitRecord } from './visit';

/**
 * What each later step of the procedure records on the case, as stored (JSON columns) and as
 * the rule table reads it. Inputs are the zod schemas; records add who and when.
 */
const MONITORING_TYPE_CODES = Object.keys(MONITORING_TYPES) as MonitoringType[];
const monitoringType = choice('监测对象类型', MONITORING_TYPES, '监测对象类型只能是脱贫不稳定户、边缘易致贫户或突发严重困难户');
export const measures = (min = 0) => codes('帮扶措施', MEASURES, min, MEASURE_LABELS);

/** 双签字: the household confirms the visit record (in WeChat), or the cadre keeps its paper signature. */
export interface Confirmation {
  state: 'pending' | 'confirmed' | 'objected';
  requestedAt: string;
  /** Whether the household can be asked in WeChat (a resident account is linked to the case). */
  askedInWeChat: boolean;
  by?: 'household' | 'proxy' | 'paper';
  byName?: string;
  at?: string;
  /** The household's own words when it disagreed. */
  words?: string;
}

/** 村级评议: the meeting, its result, and what the village proposes. */
export const reviewSchema = z
  .object({
    meetingOn: date('评议日期'),
    attendance: count('参会人数', 3, 500),
    result: choice('评议结果', { pass: '通过', fail: '不通过' }, '评议结果只能是通过或不通过'),
    reason: text('不通过的原因', 2, 300).optional(),
    proposedType: monitoringType.optional(),
    measures: measures().default([]),
    otherMeasure: text('其他帮扶措施', 2, 100).optional(),
    note,
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.result === 'fail' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: '评议不通过的，请写明原因' });
    if (v.result === 'pass' && !v.proposedType) ctx.addIssue({ code: 'custom', path: ['proposedType'], message: '评议通过的，请选择拟认定的监测对象类型' });
    if (v.result === 'pass' && v.measures.length === 0 && !v.otherMeasure) ctx.addIssue({ code: 'custom', path: ['measures'], message: '评议通过的，请逐户提出帮扶措施' });
  });
export type ReviewInput = z.output<typeof reviewSchema>;
export interface VillageReview extends ReviewInput {
  recordedBy: string;
  recordedAt: string;
}

export const publicityStartSchema = z
  .object({ startsOn: date('公示开始日期'), place: line('公示地点', 2, 100).optional(), note })
  .strict();

export const objectionSchema = z
  .object({
    raisedBy: line('提出人（可写“匿名”）', 1, 20),
    content: text('异议内容', 2, 300),
    receivedOn: date('收到日期'),
  })
  .strict();

export const objectionAnswerSchema = z
  .object({
    no: count('异议序号', 1, MAX_OBJECTIONS),
    finding: choice('核实结果', { unfounded: '不属实', founded: '属实' }, '核实结果只能是不属实或属实'),
    answer: text('答复', 2, 300),
  })
  .strict();

export interface Objection extends z.output<typeof objectionSchema> {
  no: number;
  recordedBy: string;
  recordedAt: string;
  answer?: { finding: 'unfounded' | 'founded'; text: string; by: string; at: string };
}

/** 公示: the window (from the county's setting at the start) and the objections raised during it. */
export interface Publicity {
  startsOn: string;
  place?: string;
  days: number;
  unit: 'working' | 'calendar';
  /** ISO instant the window ends; publicity can be finished after it. */
  endsAt: string;
  provisional: boolean;
  objections: Objection[];
}

export const helpFirstSchema = z
  .object({ what: text('先行帮扶内容', 2, 100), givenOn: date('帮扶日期'), amount: yuan('金额').optional(), note })
  .strict();
/** 先行帮扶: help given to an urgent household while the procedure runs (Gansu plan). */
export interface HelpFirst extends z.output<typeof helpFirstSchema> {
  by: string;
  at: string;
}

export const decisionSchema = z
  .object({ monitoringType: monitoringType.optional(), measures: measures().optional(), note })
  .strict();

/** The case as the rule table reads it: the entity satisfies this shape. */
export interface WorkflowCase {
  id: number;
  state: CaseState;
  version: number;
  assigneeId: number | null;
  villageCode: string;
  townCode: string;
  countyCode: string;
  residentId: number | null;
  applicantName: string;
  proxyName: string | null;
  urgent: boolean;
  riskTypes: RiskType[];
  householdSize: number;
  intakeMethod: IntakeMethod;
  visit: VisitRecord | null;
  confirmation: Confirmation | null;
  review: VillageReview | null;
  publicity: Publicity | null;
  helpFirst: HelpFirst[] | null;
  closeReason: string | null;
  monitoringType: string | null;
  measures: Measure[] | null;
  createdAt: Date;
}
