import type { ResidentCase } from '../services/cases/types';
import { formatDate } from './formatDate';

export type StepStatus = 'done' | 'current' | 'todo' | 'skipped';

export interface TimelineStep {
  title: string;
  status: StepStatus;
  /** Shown beside the step: a date when done, otherwise where it stands. */
  note: string;
}

/**
 * The seven steps of 识别方法步骤 as a resident names them, and the staff actions (event
 * `action`, the server's CASE_ACTIONS keys) that finish each step.
 */
const STEPS: { title: string; finishedBy: string[] }[] = [
  { title: '申报', finishedBy: [] },
  { title: '村干部受理', finishedBy: ['accept'] },
  { title: '入户核查', finishedBy: ['record_visit'] },
  { title: '村级评议', finishedBy: ['start_publicity'] },
  { title: '公示', finishedBy: ['finish_publicity'] },
  { title: '乡镇审核', finishedBy: ['township_approve'] },
  { title: '县级确定', finishedBy: ['county_confirm', 'reject'] },
];

/** For a case still open: the step under way. A send-back moves the state, so this follows it. */
const STEP_IN_PROGRESS: Record<string, number> = {
  submitted: 1,
  assigned: 1,
  investigating: 2,
  village_review: 3,
  publicity: 4,
  township_review: 5,
  county_review: 6,
};

const NOTES: Record<StepStatus, string> = { done: '已完成', current: '正在办', todo: '还没到', skipped: '没有进行' };

function finishedOn(c: ResidentCase, step: number): string {
  if (step === 0) return c.createdAt;
  const actions = STEPS[step].finishedBy;
  const events = c.events.filter((e) => actions.includes(e.action));
  return events.length ? events[events.length - 1].at : '';
}

export function caseTimeline(c: ResidentCase): TimelineStep[] {
  const inProgress = STEP_IN_PROGRESS[c.state];
  return STEPS.map((step, i) => {
    const finished = finishedOn(c, i);
    let status: StepStatus;
    if (inProgress !== undefined) status = i < inProgress ? 'done' : i === inProgress ? 'current' : 'todo';
    else if (c.state === 'monitored') status = 'done';
    // Rejected or closed: show what really happened; the rest never took place.
    else status = i === 0 || finished ? 'done' : 'skipped';
    const note = status === 'done' && finished ? `${formatDate(finished)}完成` : NOTES[status];
    return { title: step.title, status, note };
  });
}

/**
 * Staff words ("分派", "录入核查") said the way a resident would; unknown actions keep the
 * server's label so a new step still shows something.
 */
const EVENT_WORDS: Record<string, string> = {
  declare: '您提交了申报',
  assign: '申报交给了村干部',
  accept: '村干部受理了',
  transfer: '转回乡镇重新安排',
  record_visit: '村干部入户核查完了',
  start_publicity: '村里评议完，开始公示',
  finish_publicity: '公示结束',
  township_approve: '乡镇审核通过',
  county_confirm: '县里确定纳入监测',
  reject: '这次没有纳入监测',
  send_back: '退回上一步重新办',
  close: '申报办结了',
};

export function eventText(event: { action: string; label: string }): string {
  return EVENT_WORDS[event.action] ?? event.label;
}
