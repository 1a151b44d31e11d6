import { DomainError } from '../domain/errors';
import { MSG } from './messages';
import { parseTrackingCode, tidyFreeText } from './parseReply';
import type { ConversationPorts, PendingConfirmation, ResidentChatAction } from './ports';
import type { DialogueState } from './state';

/**
 * 双签字 in chat: the household read the visit summary (notice case_visit_confirm: "回复1确认，
 * 回复2有不同意见") and answers. What waits for confirmation is asked of the server each time
 * (the resident's cases in `confirming`), never taken from the notice. Digits count only when
 * no declaration or call-back question is open (digits there belong to it); the words
 * (确认 / 有不同意见, optionally with a case number) always reach the confirmation.
 */
export interface ConfirmIntent {
  kind: 'confirm' | 'object';
  /** A case named with the words ("确认 12345678"). */
  code: string | null;
}

// A code as read off the page may keep its space: "确认 2316 6026".
const CONFIRM = /^(确认|确认核查|核查没问题)\s*([A-Za-z0-9 -]*)$/;
const OBJECT = /^(有不同意见|不同意见|有意见|不同意)\s*([A-Za-z0-9 -]*)$/;
const DROP = /^(取消|0|返回|算了|不说了)$/;

export function confirmIntent(text: string, state: Pick<DialogueState, 'declaration' | 'awaiting'>): ConfirmIntent | null {
  for (const [pattern, kind] of [[CONFIRM, 'confirm'], [OBJECT, 'object']] as const) {
    const match = pattern.exec(text);
    if (!match) continue;
    if (!match[2]) return { kind, code: null };
    const code = parseTrackingCode(match[2]);
    return code ? { kind, code } : null;
  }
  const free = state.declaration === null && state.awaiting === null;
  if (free && text === '1') return { kind: 'confirm', code: null };
  if (free && text === '2') return { kind: 'object', code: null };
  return null;
}

async function act(ports: ConversationPorts, residentId: number, target: { trackingCode: string; version: number }, action: ResidentChatAction, input: Record<string, unknown>) {
  try {
    return await ports.residentAct(residentId, target.trackingCode, action, input, target.version);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return error.code === 'stale_version' ? MSG.confirmStale : MSG.confirmFailed(error.message);
  }
}

/**
 * The answer to a confirmation intent, or null when nothing waits for this resident (the message
 * then means what it would mean anyway). Mutates `state` (the caller's copy).
 */
export async function answerConfirmation(intent: ConfirmIntent, state: DialogueState, residentId: number, ports: ConversationPorts): Promise<string[] | null> {
  const pending = await ports.residentConfirmations(residentId);
  let target: PendingConfirmation | undefined;
  if (intent.code) {
    target = pending.find((p) => p.trackingCode === intent.code);
    if (!target) return [MSG.noSuchConfirmation];
  } else {
    if (pending.length === 0) return null;
    if (pending.length > 1) return [MSG.severalToConfirm(pending.map((p) => p.trackingCode))];
    target = pending[0];
  }
  if (intent.kind === 'object') {
    state.awaiting = 'objectionWords';
    state.objection = { trackingCode: target.trackingCode, version: target.version };
    return [MSG.objectionAsk];
  }
  const result = await act(ports, residentId, target, 'confirm_visit', {});
  return [typeof result === 'string' ? result : MSG.confirmed(target.trackingCode, result.next)];
}

/** The message after "2 有不同意见": the household's own words, sent to the cadre. */
export async function answerObjectionWords(state: DialogueState, text: string, raw: string, residentId: number, ports: ConversationPorts): Promise<string[]> {
  const target = state.objection;
  if (DROP.test(text) || !target) {
    state.awaiting = null;
    state.objection = null;
    return [MSG.objectionDropped];
  }
  const words = [...tidyFreeText(raw)];
  if (words.length < 2) return [MSG.objectionTooShort];
  state.awaiting = null;
  state.objection = null;
  const result = await act(ports, residentId, target, 'object_visit', { words: words.slice(0, 300).join('') });
  return [typeof result === 'string' ? result : MSG.objectionNoted(target.trackingCode)];
}
