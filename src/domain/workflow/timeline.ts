import { chinaDate, monthDayWords } from '../calendar';
import { CASE_ACTIONS, ruleOf, type CaseAction } from './rules';
import { isCaseState, isOpenState, type CaseState } from './states';

/**
 * The resident's timeline (我的申报), in plain words and never with internal notes: the seven
 * steps of 识别方法步骤 as a household names them, and what happened, from the audit events.
 * The bot, the mini-program and subscribe messages all read this same text.
 */
// Said as a household says them (issue 13): no 受理, 评议, 公示 or 县级确定.
export const RESIDENT_STAGES = ['申报', '村干部接手', '到您家了解情况', '村里开会商量', '名单贴在村里', '乡镇看', '县里定'] as const;

/** Which of the seven steps a state belongs to. */
const STAGE_OF: Record<CaseState, number> = {
  submitted: 1,
  assigned: 1,
  investigating: 2,
  confirming: 2,
  village_review: 3,
  publicity: 4,
  township_review: 5,
  county_review: 6,
  monitored: 7,
  rejected: 7,
  closed: -1,
};

export type StageStatus = 'done' | 'current' | 'todo' | 'skipped';

export interface TimelineEvent {
  action: string;
  fromState: string | null;
  toState: string;
  data?: Record<string, unknown> | null;
  at: Date;
}

export interface ResidentTimeline {
  steps: { title: string; status: StageStatus; note: string }[];
  events: { action: string; text: string; at: string }[];
}

const DECLARE_WORDS: Record<string, string> = {
  declare: '您提交了申报',
  file: '村干部为您家登记了困难情况',
};

const dayWords = (at: Date) => monthDayWords(chinaDate(at));

const isAction = (action: string): action is CaseAction => (CASE_ACTIONS as string[]).includes(action);

/** The words of one event for the household, or null when it is internal. */
export function residentWords(event: Pick<TimelineEvent, 'action' | 'data'>): string | null {
  if (event.action in DECLARE_WORDS) return DECLARE_WORDS[event.action];
  if (!isAction(event.action)) return null;
  const words = ruleOf(event.action).resident;
  return typeof words === 'function' ? words(event.data ?? {}) : words;
}

/** When each step was finished: the last event that moved the case past it. */
function finishedAt(events: readonly TimelineEvent[], stage: number): Date | null {
  let at: Date | null = null;
  for (const e of events) {
    if (!e.fromState || !isCaseState(e.fromState) || !isCaseState(e.toState)) continue;
    const from = STAGE_OF[e.fromState];
    const to = STAGE_OF[e.toState];
    // A step done with a closing result (a visit concluding 核查结束, a review not passed) was still done;
    // a plain 结案 ends the case without doing the step.
    const closedByDoing = e.toState === 'closed' && e.action !== 'close';
    if (from === stage && (to > stage || closedByDoing)) at = e.at;
  }
  return at;
}

export function residentTimeline(state: CaseState, createdAt: Date, events: readonly TimelineEvent[]): ResidentTimeline {
  const current = STAGE_OF[state];
  const steps = RESIDENT_STAGES.map((title, i) => {
    const finished = i === 0 ? createdAt : finishedAt(events, i);
    let status: StageStatus;
    if (isOpenState(state)) status = i < current ? 'done' : i === current ? 'current' : 'todo';
    else if (state === 'monitored' || state === 'rejected') status = 'done';
    // Closed early: what took place is done, the rest never happened.
    else status = finished ? 'done' : 'skipped';
    const note = status === 'done' ? (finished ? `${dayWords(finished)}完成` : '已完成') : status === 'current' ? '正在办' : status === 'todo' ? '还没到' : '没有进行';
    return { title, status, note };
  });
  const shown = events
    .map((e) => ({ e, text: residentWords(e) }))
    .filter((x): x is { e: TimelineEvent; text: string } => x.text !== null)
    .map(({ e, text }) => ({ action: e.action, text, at: e.at.toISOString() }));
  return { steps, events: shown };
}
