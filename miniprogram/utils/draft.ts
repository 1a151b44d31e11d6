import type { Answers } from '../shared/questionnaireWalker';

/**
 * The unfinished declaration, kept on the phone after every answer so that a resident who
 * closes WeChat (or gets a phone call) comes back to the same screen.
 */
export interface DeclareDraft {
  /** Questionnaire version the answers were given to. */
  version: string;
  answers: Answers;
  /** The question on screen, or 'summary'. */
  at: string;
  /** Name of the picked village, for the summary (the answer itself is the 12-digit code). */
  villageName: string;
  savedAt: number;
}

const DRAFT_KEY = 'shenbao.declareDraft';

export function loadDraft(): DeclareDraft | null {
  const draft: unknown = wx.getStorageSync(DRAFT_KEY);
  if (!draft || typeof draft !== 'object') return null;
  const d = draft as Partial<DeclareDraft>;
  if (typeof d.at !== 'string' || !d.answers || typeof d.answers !== 'object') return null;
  return { version: String(d.version ?? ''), answers: d.answers, at: d.at, villageName: String(d.villageName ?? ''), savedAt: Number(d.savedAt ?? 0) };
}

export function saveDraft(draft: Omit<DeclareDraft, 'savedAt'>): void {
  wx.setStorageSync(DRAFT_KEY, { ...draft, savedAt: Date.now() });
}

export function clearDraft(): void {
  wx.removeStorageSync(DRAFT_KEY);
}

export function hasDraft(): boolean {
  return loadDraft() !== null;
}
