import type { Answers } from '../domain/questionnaire';
import type { VillageMatch } from './ports';

/**
 * The dialogue state: plain JSON, so the caller can keep it in a database row and a
 * conversation survives a restart. Bump `version` when the shape changes incompatibly; a state
 * of another version is dropped and the conversation starts afresh. Fields added later are
 * optional (`cadre`, `objection`), so states stored before them still load.
 */
export const DIALOGUE_STATE_VERSION = 1;

/** After this much silence a declaration in progress is not continued blindly: the resident is asked. */
export const RESUME_AFTER_MS = 12 * 60 * 60 * 1000;

/** Where inside a declaration the resident is. */
export type Phase =
  /** Answering the next unanswered question (or `editing`). */
  | { kind: 'question' }
  /** Picking one of several villages found by name. */
  | { kind: 'villageMatches'; matches: VillageMatch[] }
  /** Picking a town from numbered pages. */
  | { kind: 'towns'; page: number }
  /** Picking a village of one town from numbered pages. */
  | { kind: 'villages'; townCode: string; townName: string; townPage: number; page: number }
  /** A list asked as two short ones: the rest is shown, `picked` holds what the first part chose. */
  | { kind: 'morePicks'; picked: string[] }
  /** "您是说‘看病花钱多’吗？": the reply resembled `value`'s words; 1 takes it, 2 asks again. */
  | { kind: 'guess'; value: string | string[] }
  /** Reading the summary: 1 submit, 2 edit. */
  | { kind: 'confirm' }
  /** Choosing which answer to change. */
  | { kind: 'editPick' }
  /** The household's case is open: the last, free-text question before the report is kept on it. */
  | { kind: 'reportWords' };

export interface DeclarationProgress {
  /** Question id → answer, as `answersToPayload` reads them. */
  answers: Answers;
  /** Answered question ids in the order they were answered: "返回" pops the last. */
  history: string[];
  /** Display text for answers that are codes (the village's name). */
  labels: Record<string, string>;
  phase: Phase;
  /** A question being changed from the summary; after it the summary comes back. */
  editing: string | null;
  /** Paused after long silence or a side request (查询, 人工): the resident is asked 1 continue / 2 restart. */
  paused: boolean;
  /**
   * The ID number given belongs to a household whose case is open: only the short path is asked
   * (phone, what happened, a sentence), then it is kept on that case (同户再次申报).
   */
  linked?: boolean;
}

export interface DialogueState {
  version: typeof DIALOGUE_STATE_VERSION;
  /** ISO time of the last message handled. */
  lastAt: string;
  /** Null when no declaration is in progress. */
  declaration: DeclarationProgress | null;
  /** False until a declaration was ever started: any first message starts one. */
  greeted: boolean;
  /**
   * Waiting for a phone number so a cadre can call back ("人工"), or for the household's words
   * after "2 有不同意见" on a visit record (`objection` names the case), or — after a voice message
   * or a picture — for "1" to ask a cadre to call (`voiceHelp`).
   */
  awaiting: 'callbackPhone' | 'objectionWords' | 'voiceHelp' | null;
  /** The visit record the household disagrees with, at the version read when they said so. */
  objection?: { trackingCode: string; version: number } | null;
  /** A staff member's side (bound cadres); absent for residents. */
  cadre?: CadreDialogue | null;
}

/** Which guided dialogue a cadre is in. */
export type FormKind = 'visit' | 'signature' | 'review' | 'publicity' | 'objection' | 'answer' | 'register';

/** A cadre's guided dialogue in progress: one question per message, a read-back, then one action. */
export interface FormProgress {
  kind: FormKind;
  /** The case it acts on (null for 登记, which files a new one). */
  trackingCode: string | null;
  /** The case's version when the dialogue began: the action carries it, so a change meanwhile is refused. */
  version: number | null;
  /** What the dialogue read about the case when it began (names, declared figures…), per kind. */
  context: Record<string, unknown>;
  /** Step id → answer. */
  values: Record<string, unknown>;
  /** Answered step ids in order: "0" pops the last. */
  history: string[];
  /** Steps answered by the command itself (the only village, an objection's number): never asked. */
  fixed: string[];
  phase: 'step' | 'confirm' | 'editPick';
  /** A step being changed from the read-back; after it the read-back comes back. */
  editing: string | null;
}

export interface CadreDialogue {
  /** Tracking codes of the last 待办 as numbered: "详情 2", "受理 2" or just "2" mean the second. */
  list: string[] | null;
  form: FormProgress | null;
}

export function newDeclaration(): DeclarationProgress {
  return { answers: {}, history: [], labels: {}, phase: { kind: 'question' }, editing: null, paused: false };
}

/** A stored state if it is one this code understands; anything else counts as none. */
export function loadState(value: unknown): DialogueState | null {
  if (typeof value !== 'object' || value === null) return null;
  const state = value as Partial<DialogueState>;
  if (state.version !== DIALOGUE_STATE_VERSION || typeof state.lastAt !== 'string') return null;
  return state as DialogueState;
}

export function isStale(state: DialogueState, now: Date): boolean {
  const last = Date.parse(state.lastAt);
  return Number.isFinite(last) && now.getTime() - last > RESUME_AFTER_MS;
}
