/**
 * One of the resident's declarations as GET /api/me/cases (and /api/me/cases/:id) returns it:
 * `residentCaseViews` in src/services/caseViews.ts. Every word the resident reads here was
 * written by the server, so the bot, this mini-program and subscribe messages say the same thing.
 */

export type StepStatus = 'done' | 'current' | 'todo' | 'skipped';

/** One of the seven steps of 识别方法步骤 (申报 … 县级确定). */
export interface TimelineStep {
  title: string;
  status: StepStatus;
  /** Beside the step: "3月3日完成", "正在办", "还没到", "没有进行". */
  note: string;
}

/** Something that happened, already in the household's words ("村干部受理了"). */
export interface TimelineEvent {
  action: string;
  text: string;
  /** ISO instant. */
  at: string;
}

export interface ResidentTimeline {
  steps: TimelineStep[];
  /** Oldest first. */
  events: TimelineEvent[];
}

/** Help given before the procedure ends (先行帮扶). */
export interface HelpGiven {
  what: string;
  /** YYYY-MM-DD. */
  givenOn: string;
}

/** Present only while the visit waits for this resident's confirmation (双签字). */
export interface PendingConfirmation {
  requestedAt: string;
  /** The visit record in plain words, one line each. */
  summary: string[];
}

export interface ResidentCase {
  id: number;
  /** Sent back with an answer, so an answer to a case that changed meanwhile is refused (409). */
  version: number;
  trackingCode: string;
  state: string;
  stateLabel: string;
  /** What the resident should expect next, one sentence. */
  next: string;
  createdAt: string;
  riskTypes: string[];
  riskTypeLabels: string[];
  helpFirst: HelpGiven[];
  timeline: ResidentTimeline;
  confirmation: PendingConfirmation | null;
}
