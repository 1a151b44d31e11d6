import type { EngineResult, Sender } from './engine';
import { MSG } from './messages';
import { DIALOGUE_STATE_VERSION, loadState, type DialogueState } from './state';

/**
 * A voice message nobody turned into text, a picture, a sticker. Whoever sends voice may not be
 * able to type, so a resident is offered one digit: "1" next asks a cadre to call (the same path
 * as "人工"); anything else goes on as if this message had not come. A cadre is asked to type.
 */
export function nonTextTurn(kind: 'voice' | 'other') {
  return (sender: Sender, storedState: unknown, now: Date): EngineResult => {
    const stored = loadState(storedState);
    if (sender.kind === 'cadre') return { replies: [MSG.nonTextCadre], state: stored };
    const state: DialogueState = stored
      ? structuredClone(stored)
      : { version: DIALOGUE_STATE_VERSION, lastAt: now.toISOString(), declaration: null, greeted: false, awaiting: null };
    state.lastAt = now.toISOString();
    state.awaiting = 'voiceHelp';
    return { replies: [kind === 'voice' ? MSG.voiceHelp : MSG.pictureHelp], state };
  };
}
