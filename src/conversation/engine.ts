import { DomainError } from '../domain/errors';
import { handleCadre } from './cadreCommands';
import { MSG } from './messages';
import { normalizeText, removeMentions } from './parseReply';
import type { ConversationPorts } from './ports';
import { handleResident, residentCommand } from './residentFlow';
import { DIALOGUE_STATE_VERSION, loadState, type CadreDialogue, type DialogueState } from './state';

/**
 * The channel-agnostic chat engine: (who is talking, the text, the stored dialogue state) →
 * (replies, next state). The caller resolves identities — anyone who is not a bound cadre is a
 * resident (the caller creates the resident row on first contact) — stores the returned state
 * as JSON, and passes the time in. Ports throw DomainErrors, which become polite replies; any
 * other error is rethrown untouched for the caller to log and answer with MSG.systemBusy (the
 * stored state is then left as it was).
 */
export type Sender =
  | { kind: 'resident'; residentId: number; channelUserId: string }
  | { kind: 'cadre'; staffId: number; name: string; channelUserId: string };

export interface IncomingMessage {
  sender: Sender;
  text: string;
  /** Said in a group chat. */
  inRoom: boolean;
  /** The bot was @-mentioned (only meaningful in a group chat). */
  mentioned: boolean;
  now: Date;
}

export interface EngineResult {
  replies: string[];
  /** What to store for this sender; null means nothing (delete any stored row). */
  state: DialogueState | null;
}

const BIND = /^绑定\s*(.*)$/;

async function bind(msg: IncomingMessage, code: string, state: DialogueState | null, ports: ConversationPorts): Promise<EngineResult> {
  if (msg.inRoom) return { replies: [MSG.roomBind], state };
  if (!code) return { replies: [MSG.bindNeedCode], state };
  try {
    const staff = await ports.bindCadre(code, msg.sender.channelUserId);
    return { replies: [MSG.bound(staff.name)], state: null };
  } catch (error) {
    if (error instanceof DomainError) return { replies: [MSG.bindFailed(error.message)], state };
    throw error;
  }
}

/** A cadre's stored dialogue: only the cadre part (the last 待办, a form in progress); none when both are empty. */
function cadreState(dialogue: CadreDialogue, now: Date): DialogueState | null {
  if (!dialogue.list && !dialogue.form) return null;
  return { version: DIALOGUE_STATE_VERSION, lastAt: now.toISOString(), declaration: null, greeted: true, awaiting: null, cadre: dialogue };
}

/** Handles one incoming chat message. `storedState` is whatever was stored last time (or null). */
export async function handleMessage(msg: IncomingMessage, storedState: unknown, ports: ConversationPorts): Promise<EngineResult> {
  const state = loadState(storedState);
  if (msg.inRoom && !msg.mentioned) return { replies: [], state };
  const raw = msg.inRoom ? removeMentions(msg.text) : msg.text;
  const text = normalizeText(raw);

  const binding = BIND.exec(text);
  if (binding) return bind(msg, binding[1].trim(), state, ports);

  if (msg.sender.kind === 'cadre') {
    const turn = { staffId: msg.sender.staffId, staffName: msg.sender.name, text, raw, inRoom: msg.inRoom, now: msg.now };
    const { replies, dialogue } = await handleCadre(turn, state?.cadre ?? null, ports);
    return { replies, state: cadreState(dialogue, msg.now) };
  }

  if (msg.inRoom) {
    // Nothing personal in a group: the resident is sent to a private chat, the stored dialogue is untouched.
    return { replies: [residentCommand(text) === 'query' ? MSG.roomResidentQuery : MSG.roomResident], state };
  }
  return handleResident({ residentId: msg.sender.residentId, text, raw, now: msg.now }, state, ports);
}
