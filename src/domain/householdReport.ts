import { z } from 'zod';
import { applicantSchema, detailsSchema, proxySchema, type Declaration, type DeclarationDetails } from './declaration';
import { RISK_TYPES, type RiskType } from './riskTypes';
import { text } from './workflow/fields';

/**
 * 同户再次申报: what someone says about a household whose case is already open. It is kept on
 * that case for its cadre, never as a second case, and the person is answered the same plain
 * words whoever they are, so an ID number tells nobody whether (or where, or how far) another
 * household's case stands.
 */
export const REPORT_RECEIVED = '已收到，村干部会一并核实';

/** How many linked reports a case detail lists (newest first); the count says how many there are in all. */
export const MAX_REPORTS_SHOWN = 20;

/** What a linked report keeps: who reported, how to reach them, what they said. */
export interface ReportContent {
  reporterName: string;
  /** The reporter's relation to the household head; null when the head reported. */
  relation: string | null;
  phone: string;
  /** The household head as the reporter named them (may differ from the case's: an impostor filed first). */
  applicantName: string;
  hardships: RiskType[];
  details: DeclarationDetails;
  words: string | null;
  /** What a full declaration also gave; null when the chat's short path did not ask. */
  householdSize: number | null;
  annualIncome: number | null;
}

/** A full declaration that found the household's case open. */
export function reportFromDeclaration(d: Declaration): ReportContent {
  return {
    reporterName: d.proxy?.name ?? d.applicant.name,
    relation: d.proxy?.relation ?? null,
    phone: d.proxy?.phone ?? d.applicant.phone,
    applicantName: d.applicant.name,
    hardships: d.hardships,
    details: d.details,
    words: null,
    householdSize: d.householdSize,
    annualIncome: Math.round(d.annualIncome),
  };
}

/** "李四（儿子）", "巴特尔（户主本人）": the reporter as staff read them. */
export const reporterLabel = (r: Pick<ReportContent, 'reporterName' | 'relation'>): string => `${r.reporterName}（${r.relation ?? '户主本人'}）`;

/** The sentence the chat's short path asks for last (stored in `case_reports.words`). */
export const reportWords = text('想说的话', 1, 200);

/**
 * The chat's short path (issue 13 item 7): once the ID number shows the household's case is open,
 * only who is speaking, a phone and what happened are asked. The same field rules as a declaration.
 */
export const householdReportSchema = z
  .object({
    applicant: applicantSchema.pick({ name: true, idNumber: true }).extend({ phone: applicantSchema.shape.phone.optional() }),
    proxy: proxySchema.nullable().default(null),
    hardships: z
      .array(z.enum(RISK_TYPES, { error: '困难类型不正确' }), { error: '请选择遇到的困难' })
      .min(1, { error: '请至少选择一项困难' })
      .max(RISK_TYPES.length)
      .transform((list) => [...new Set(list)]),
    details: detailsSchema.pick({ otherText: true }).default({}),
    words: reportWords.nullable().default(null),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (!value.proxy && !value.applicant.phone) {
      ctx.addIssue({ code: 'custom', path: ['applicant', 'phone'], message: '请填写联系电话' });
    }
    if (value.hardships.includes('other') && !value.details.otherText) {
      ctx.addIssue({ code: 'custom', path: ['details', 'otherText'], message: '选了"其他困难"，请说说是什么困难' });
    }
  });

export type HouseholdReport = z.output<typeof householdReportSchema>;

export function reportFromShortPath(r: HouseholdReport): ReportContent {
  return {
    reporterName: r.proxy?.name ?? r.applicant.name,
    relation: r.proxy?.relation ?? null,
    phone: r.proxy?.phone ?? (r.applicant.phone as string),
    applicantName: r.applicant.name,
    hardships: r.hardships,
    details: r.details,
    words: r.words,
    householdSize: null,
    annualIncome: null,
  };
}
