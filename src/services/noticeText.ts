import { CASE_STATES, CLOSE_REASONS, STATE_INFO, type CaseState } from '../domain/workflow';
import type { JsonObject } from '../store/entities/columns';

/**
 * Outbox notices as chat messages, in Chinese, one phone screen each (≤ 80 characters where
 * the wording allows). They carry only what the notice payload holds — case number, village,
 * risk-type labels, urgency, state — never an ID number, phone or illness detail: chat messages
 * get forwarded and read over shoulders. Free-text notes are shortened and long digit runs hidden.
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
  };
}

/** A cadre's free text, safe for chat: phone- and ID-like digit runs hidden, at most NOTE_MAX_CHARS. */
export function safeNote(note: string): string {
  const hidden = note.replace(/\d{7,}[\dXx]?/g, '***').replace(/\s+/g, ' ');
  const chars = [...hidden];
  return chars.length > NOTE_MAX_CHARS ? `${chars.slice(0, NOTE_MAX_CHARS).join('')}…` : hidden;
}

const isState = (value: string): value is CaseState => (CASE_STATES as readonly string[]).includes(value);
const staffLabel = (f: NoticeFields): string => (isState(f.state) ? STATE_INFO[f.state].label : f.stateLabel);
/** "12345678": what a cadre types after 受理/详情 (SB- may be left out). */
const digits = (code: string): string => code.replace(/^SB-/i, '');
const what = (f: NoticeFields): string => (f.riskTypeLabels.length ? f.riskTypeLabels.join('、') : f.note === CALLBACK_NOTE ? CALLBACK_NOTE : '');

function staffNotice(kind: string, f: NoticeFields): string {
  const urgent = f.urgent ? '·紧急' : '';
  const subject = [f.trackingCode, f.villageName, what(f)].filter(Boolean).join(' ');
  const reason = f.note && f.note !== CALLBACK_NOTE ? `：${safeNote(f.note)}` : '';
  switch (kind) {
    case 'case_assigned':
      if (f.note === CALLBACK_NOTE) return `【请回电】${subject}。回复“详情 ${digits(f.trackingCode)}”看电话`;
      return `【新申报${urgent}】${subject}。回复“受理 ${digits(f.trackingCode)}”受理`;
    case 'case_needs_routing':
      return `【待分派${urgent}】${subject}。这个村还没有负责的村干部，请尽快分派`;
    case 'case_transferred':
      return `【村干部转交${urgent}】${subject}${reason}。请重新分派`;
    case 'case_sent_back':
      return `【退回】${subject}，退回到“${staffLabel(f)}”${reason}`;
    default:
      return `【申报动态】${subject}：${staffLabel(f)}`;
  }
}

function residentNotice(kind: string, f: NoticeFields): string {
  const closeReason = kind === 'case_closed' && f.note && f.note in CLOSE_REASONS ? `（${CLOSE_REASONS[f.note as keyof typeof CLOSE_REASONS]}）` : '';
  return `【申报进度】${f.trackingCode}：${f.stateLabel}${closeReason}。${f.next}`;
}

/** Notice kinds a chat resident already read in the conversation itself (the reply to 提交). */
export const RESIDENT_KINDS_TOLD_IN_CHAT: readonly string[] = ['case_received'];

/** The chat message for one outbox row. */
export function renderNotice(kind: string, recipientType: 'staff' | 'resident', payload: JsonObject): string {
  const fields = noticeFields(payload);
  return recipientType === 'staff' ? staffNotice(kind, fields) : residentNotice(kind, fields);
}
