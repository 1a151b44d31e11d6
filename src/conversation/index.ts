/** The chat dialogue engine: one entry point, its ports, its state and its texts. */
export { handleMessage, type EngineResult, type IncomingMessage, type Sender } from './engine';
export type * from './ports';
export { loadState, RESUME_AFTER_MS, type DialogueState } from './state';
export { MSG } from './messages';
export { welcome } from './welcome';
export { nonTextTurn } from './nonText';
