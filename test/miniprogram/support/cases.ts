import type { ResidentCase } from '../../../miniprogram/services/cases/types';
import { residentTimeline, STATE_INFO, type CaseState, type TimelineEvent } from '../../../src/domain/workflow';
import type { residentCaseViews } from '../../../src/services/caseViews';

/**
 * Cases as GET /api/me/cases returns them, made with the server's own words (STATE_INFO and
 * residentTimeline), so a test fails when the server's text or shape moves away from what the
 * pages read. Both annotations matter: `ServerView` checks the fixture against what the server
 * really builds, `ResidentCase` checks the mini-program's type accepts it (`tsc --noEmit`).
 * Times are midday in China so dates read the same in any zone.
 */
type ServerView = Awaited<ReturnType<typeof residentCaseViews>>[number];

interface Happened {
  action: string;
  from: CaseState | null;
  to: CaseState;
  at: string;
  data?: Record<string, unknown>;
}

interface ViewOptions {
  id: number;
  version: number;
  trackingCode: string;
  state: CaseState;
  createdAt: string;
  riskTypes: ServerView['riskTypes'];
  riskTypeLabels: string[];
  events: Happened[];
  helpFirst?: ServerView['helpFirst'];
  confirmation?: ServerView['confirmation'];
}

function view(o: ViewOptions): ResidentCase {
  const events: TimelineEvent[] = o.events.map((e) => ({ action: e.action, fromState: e.from, toState: e.to, data: e.data ?? null, at: new Date(e.at) }));
  const served: ServerView = {
    id: o.id,
    version: o.version,
    trackingCode: o.trackingCode,
    state: o.state,
    stateLabel: STATE_INFO[o.state].residentLabel,
    next: STATE_INFO[o.state].residentNext,
    createdAt: o.createdAt,
    riskTypes: o.riskTypes,
    riskTypeLabels: o.riskTypeLabels,
    helpFirst: o.helpFirst ?? [],
    timeline: residentTimeline(o.state, new Date(o.createdAt), events),
    confirmation: o.confirmation ?? null,
  };
  // A plain assignment, not a cast: the compiler checks the server's view fits the mini-program's type.
  const read: ResidentCase = served;
  // Through JSON, as wx.request delivers it (Dates become strings, undefined fields vanish).
  return JSON.parse(JSON.stringify(read)) as ResidentCase;
}

const UP_TO_ACCEPT: Happened[] = [
  { action: 'declare', from: null, to: 'submitted', at: '2026-03-02T04:00:00Z' },
  { action: 'assign', from: 'submitted', to: 'assigned', at: '2026-03-02T05:00:00Z' },
  { action: 'accept', from: 'assigned', to: 'investigating', at: '2026-03-03T04:00:00Z' },
];

export const INVESTIGATING_CASE = view({
  id: 41,
  version: 3,
  trackingCode: '20260041',
  state: 'investigating',
  createdAt: '2026-03-02T04:00:00Z',
  riskTypes: ['illness', 'housing'],
  riskTypeLabels: ['因病', '因安全住房'],
  events: UP_TO_ACCEPT,
});

export const CLOSED_CASE = view({
  id: 12,
  version: 4,
  trackingCode: '20250012',
  state: 'closed',
  createdAt: '2025-10-08T04:00:00Z',
  riskTypes: ['disaster'],
  riskTypeLabels: ['因自然灾害'],
  events: [
    { action: 'declare', from: null, to: 'submitted', at: '2025-10-08T04:00:00Z' },
    { action: 'accept', from: 'assigned', to: 'investigating', at: '2025-10-09T04:00:00Z' },
    { action: 'close', from: 'investigating', to: 'closed', at: '2025-10-15T04:00:00Z', data: { reason: 'withdrawn' } },
  ],
});

/** The visit summary as visitSummaryLines writes it. */
export const VISIT_SUMMARY = [
  '3月4日，王芳、李强到您家了解情况',
  '核实的困难：因病',
  '近12个月家庭纯收入15,000元，4口人，每人3,750元',
  '结论：符合条件，交村里评议',
];

const VISITED: Happened[] = [
  { action: 'declare', from: null, to: 'submitted', at: '2026-03-02T04:00:00Z' },
  { action: 'assign', from: 'submitted', to: 'assigned', at: '2026-03-02T05:00:00Z' },
  { action: 'accept', from: 'assigned', to: 'investigating', at: '2026-03-03T04:00:00Z' },
  { action: 'help_first', from: 'investigating', to: 'investigating', at: '2026-03-03T06:00:00Z', data: { what: '送去临时救助金2000元', givenOn: '2026-03-03' } },
  { action: 'record_visit', from: 'investigating', to: 'confirming', at: '2026-03-04T04:00:00Z' },
];

const CASE_43 = {
  id: 43,
  trackingCode: '20260043',
  createdAt: '2026-03-02T04:00:00Z',
  riskTypes: ['illness'] as ServerView['riskTypes'],
  riskTypeLabels: ['因病'],
};

/** The visit is recorded and waits for this household (双签字). */
export const CONFIRMING_CASE = view({
  ...CASE_43,
  version: 5,
  state: 'confirming',
  events: VISITED,
  helpFirst: [{ what: '送去临时救助金2000元', givenOn: '2026-03-03' }],
  confirmation: { requestedAt: '2026-03-04T04:00:00.000Z', summary: VISIT_SUMMARY },
});

/** What POST …/confirmation answers after 确认无误. */
export const CONFIRMED_CASE = view({
  ...CASE_43,
  version: 6,
  state: 'village_review',
  events: [...VISITED, { action: 'confirm_visit', from: 'confirming', to: 'village_review', at: '2026-03-05T04:00:00Z' }],
  helpFirst: CONFIRMING_CASE.helpFirst,
});

/** What POST …/confirmation answers after 有不同意见: back with the cadre. */
export const OBJECTED_CASE = view({
  ...CASE_43,
  version: 6,
  state: 'investigating',
  events: [...VISITED, { action: 'object_visit', from: 'confirming', to: 'investigating', at: '2026-03-05T04:00:00Z' }],
  helpFirst: CONFIRMING_CASE.helpFirst,
});

/** The cadre recorded the visit again while the household was reading: a new summary, a new version. */
export const REVISITED_CASE = view({
  ...CASE_43,
  version: 7,
  state: 'confirming',
  events: [
    ...VISITED,
    { action: 'object_visit', from: 'confirming', to: 'investigating', at: '2026-03-05T04:00:00Z' },
    { action: 'record_visit', from: 'investigating', to: 'confirming', at: '2026-03-06T04:00:00Z' },
  ],
  confirmation: { requestedAt: '2026-03-06T04:00:00.000Z', summary: ['3月6日，王芳、李强到您家了解情况', '核实的困难：因病', '近12个月家庭纯收入9,000元，4口人，每人2,250元', '结论：符合条件，交村里评议'] },
});

/** The stale-version refusal exactly as the server sends it (caseActions.staleVersion). */
export const STALE_VERSION = { status: 409, body: { error: { code: 'stale_version', message: '案件已被他人更新，请刷新' } } };

/** The record as the case page prints it, newest first: the day the event's instant falls on (midday in China), then the server's words. */
export function recordLines(c: ResidentCase): string[] {
  return c.timeline.events.map((e) => `${Number(e.at.slice(0, 4))}年${Number(e.at.slice(5, 7))}月${Number(e.at.slice(8, 10))}日${e.text}`).reverse();
}

/** The seven steps as "title|note". */
export function stepLines(c: ResidentCase): string[] {
  return c.timeline.steps.map((s) => `${s.title}|${s.note}`);
}
