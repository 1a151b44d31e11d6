import { CASE_STATES, CLOSE_REASONS, RESIDENT_CLOSE_REASONS, STATE_INFO, type CaseState } from '../domain/workflow';
import { MSG } from '../conversation/messages';
import type { JsonObject } from '../store/entities/columns';
import { formatTrackingCode } from '../shared/trackingCode';
import { REMINDER_KIND } from '../domain/reminders';
import { CHAT_REPLY_KIND } from './outbox';

/**
 * Outbox notices as chat messages, in Chinese. Staff notices are one phone screen (≤ 80
 * characters) and end with the command to type next; they carry only what the notice payload
 * holds — case number, village, risk-type labels, urgency, state — never an ID number, phone or
 * illness detail: chat messages get forwarded and read over shoulders. Free-text notes are
 * shortened and long digit runs hidden. Residents read the rule table's words for their step
 * (the visit summary to confirm is several lines).
 */
export const NOTE_MAX_CHARS = 20;
/** The note on a call-back request's audit row and on the cadre's notice. */
export const CALLBACK_NOTE = '群众请求回电';

export interface NoticeFields {
  trackingCode: string;
  villageName: string;
  riskTypeLabels: string[];
  urgent: boolean;
  state: string;
  stateLabel: string;
  next: string;
  note: string | null;
  /** The step in the household's words, from the rule table (resident notices). */
  text: string | null;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export function noticeFields(payload: JsonObject): NoticeFields {
  const labels = Array.isArray(payload.riskTypeLabels) ? payload.riskTypeLabels.filter((l): l is string => typeof l === 'string') : [];
  return {
    trackingCode: text(payload.trackingCode),
    villageName: text(payload.villageName),
    riskTypeLabels: labels,
    urgent: payload.urgent === true,
    state: text(payload.state),
    stateLabel: text(payload.stateLabel),
    next: text(payload.next),
    note: typeof payload.note === 'string' && payload.note.trim() ? payload.note.trim() : null,
    text: typeof payload.text === 'string' && payload.text.trim() ? payload.text.trim() : null,
  };
}

/** Phone- and ID-like digit runs hidden (amounts are written with separators and stay). */
const hideDigitRuns = (text: string): string => text.replace(/\d{7,}[\dXx]?/g, '***');

/** A cadre's free text, safe for chat: phone- and ID-like digit runs hidden, at most NOTE_MAX_CHARS. */
export function safeNote(note: string): string {
  const hidden = hideDigitRuns(note).replace(/\s+/g, ' ');
  const chars = [...hidden];
  return chars.length > NOTE_MAX_CHARS ? `${chars.slice(0, NOTE_MAX_CHARS).join('')}…` : hidden;
}

const isState = (value: string): value is CaseState => (CASE_STATES as readonly string[]).includes(value);
const staffLabel = (f: NoticeFields): string => (isState(f.state) ? STATE_INFO[f.state].label : f.stateLabel);
/** "12345678": what a cadre types after 受理/详情 (SB- may be left out). */
const digits = (code: string): string => code.replace(/^SB-/i, '');
const what = (f: NoticeFields): string => (f.riskTypeLabels.length ? f.riskTypeLabels.join('、') : f.note === CALLBACK_NOTE ? CALLBACK_NOTE : '');

/** What the staff member a case was sent back to does next, in the state it landed in. */
function sentBackNext(f: NoticeFields): string {
  if (f.state === 'village_review') return `。请重新评议，回复“评议 ${digits(f.trackingCode)}”录入`;
  if (f.state === 'investigating') return `。请重新核查，回复“核查 ${digits(f.trackingCode)}”录入`;
  return '。请重新审核';
}

function staffNotice(kind: string, f: NoticeFields): string {
  const urgent = f.urgent ? '·紧急' : '';
  const code = digits(f.trackingCode);
  const subject = [f.trackingCode, f.villageName, what(f)].filter(Boolean).join(' ');
  // Later steps name the case without its risk types: the cadre knows it, and the line stays one screen.
  const known = [f.trackingCode, f.villageName].filter(Boolean).join(' ');
  const reason = f.note && f.note !== CALLBACK_NOTE ? `：${safeNote(f.note)}` : '';
  switch (kind) {
    case 'case_assigned':
      if (f.note === CALLBACK_NOTE) return `【请回电】${subject}。回复“详情 ${code}”看电话`;
      return `【新申报${urgent}】${subject}。回复“受理 ${code}”受理`;
    case 'case_needs_routing':
      return `【待分派${urgent}】${subject}。这个村还没有负责的村干部，请尽快分派`;
    case 'case_transferred':
      return `【村干部转交${urgent}】${subject}${reason}。请重新分派`;
    case 'case_sent_back':
      return `【退回】${known}，退回到“${staffLabel(f)}”${reason}${sentBackNext(f)}`;
    case 'case_visit_objected':
      return `【户主有不同意见】${known}${reason}。请再核实，回复“核查 ${code}”重新录入`;
    case 'case_decided':
      if (f.state === 'monitored') return `【已纳入监测】${known}。请和这户商量落实帮扶措施，回复“详情 ${code}”查看`;
      return `【县里未纳入】${known}${reason}。回复“详情 ${code}”查看，户主有疑问请解释`;
    case 'case_reopened':
      return `【重新办理${urgent}】${known}${reason}。请重新受理，回复“受理 ${code}”`;
    case 'case_helped_first':
      return `【已先行帮扶】${known}${reason}。认定程序照常办，回复“详情 ${code}”查看`;
    case 'case_reported_again':
      // The note names who reported ("李四（儿子）"); what they said stays in 详情, out of forwardable notices.
      return `【同户再次申报】${known}${reason}又报了困难，请一并核实。回复“详情 ${code}”查看`;
    default:
      return `【申报动态】${subject}：${staffLabel(f)}`;
  }
}

/**
 * The household's own notice: the step in the rule table's words (the notice text it decided),
 * digit runs hidden; rows without one read the state and what comes next.
 */
function residentNotice(kind: string, f: NoticeFields): string {
  if (kind === 'case_visit_confirm') {
    // 双签字: the summary is the message; the reply the household gives to it comes last (residentConfirm.ts reads it).
    const summary = f.text ? hideDigitRuns(f.text) : `${f.stateLabel}。${f.next}`;
    return `【请确认核查情况】申报号 ${formatTrackingCode(f.trackingCode)}\n${summary}\n${MSG.confirmChoices}`;
  }
  if (f.text) return `【申报进度】申报号 ${formatTrackingCode(f.trackingCode)}：${hideDigitRuns(f.text)}`;
  const closeReason = kind === 'case_closed' && f.note && f.note in CLOSE_REASONS ? `（${RESIDENT_CLOSE_REASONS[f.note as keyof typeof CLOSE_REASONS]}）` : '';
  return `【申报进度】申报号 ${formatTrackingCode(f.trackingCode)}：${f.stateLabel}${closeReason}。${f.next}`;
}

/** Notice kinds a chat resident already read in the conversation itself (the reply to 提交). */
export const RESIDENT_KINDS_TOLD_IN_CHAT: readonly string[] = ['case_received'];

/** The chat message for one outbox row. */
export function renderNotice(kind: string, recipientType: 'staff' | 'resident', payload: JsonObject): string {
  // A reminder's words were made by the domain when it was planned (and again if a case dropped out).
  if (kind === REMINDER_KIND && typeof payload.text === 'string') return payload.text;
  // A chat reply sent late says what it said when it was made.
  if (kind === CHAT_REPLY_KIND) return typeof payload.text === 'string' ? payload.text : '';
  const fields = noticeFields(payload);
  return recipientType === 'staff' ? staffNotice(kind, fields) : residentNotice(kind, fields);
}
