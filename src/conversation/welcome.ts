import { QUESTIONNAIRE } from '../domain/questionnaire';
import type { EngineResult, Sender } from './engine';
import { MSG } from './messages';
import type { Place } from './ports';
import { renderQuestion } from './questions';
import { DIALOGUE_STATE_VERSION, loadState, newDeclaration, type DialogueState } from './state';

/**
 * Someone follows the account (or scans its code again): greet and offer to declare. A code
 * printed for one village (a poster in the village hall) names it, and the declaration starts
 * with that village chosen; it stays changeable from the read-back like any answer. A
 * declaration already under way is not thrown away: it is offered to be continued.
 */
export function welcome(sender: Sender, storedState: unknown, now: Date, village: Place | null): EngineResult {
  const stored = loadState(storedState);
  if (sender.kind === 'cadre') return { replies: [MSG.welcomeCadre(sender.name)], state: stored };

  const state: DialogueState = stored
    ? structuredClone(stored)
    : { version: DIALOGUE_STATE_VERSION, lastAt: now.toISOString(), declaration: null, greeted: false, awaiting: null };
  state.lastAt = now.toISOString();
  const current = state.declaration;
  if (current && current.history.length > 0) {
    current.paused = true;
    return { replies: [`${MSG.welcomeBack}${MSG.resume(current.history.length + 1)}`], state };
  }

  const declaration = newDeclaration();
  if (village) {
    // Answered but not in the history: "返回" never undoes what the code chose, the read-back can.
    declaration.answers.village = village.code;
    declaration.labels.village = village.name;
  }
  state.declaration = declaration;
  state.greeted = true;
  state.awaiting = null;
  const start = QUESTIONNAIRE.questions.find((q) => q.id === 'start');
  if (!start) throw new Error('the questionnaire has no start question');
  const opening = village ? `${QUESTIONNAIRE.intro}${MSG.welcomeVillage(village.name)}` : QUESTIONNAIRE.intro;
  return { replies: [opening, renderQuestion(start)], state };
}
