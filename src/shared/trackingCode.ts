/**
 * Tracking codes (申报号): eight digits, stored without spaces, shown in two groups of four so
 * an elderly resident can read them out over the phone ("2316 6026"). Codes issued before
 * 2026-12 began with Latin "SB-" (slang, and hard to read aloud); the migration that dropped
 * it rewrote every stored code, and what people still type from old slips is read here.
 */
export const TRACKING_CODE_PATTERN = /^\d{8}$/;

/**
 * What people type or say → the stored code: "2316 6026", "23166026", the old "SB-23166026",
 * "sb23166026", full-width "ＳＢ－２３１６６０２６"; null when it is not a code.
 */
export function parseTrackingCode(raw: string): string | null {
  const text = raw.normalize('NFKC').toUpperCase().replace(/[\s—–_－-]/g, '');
  const match = /^(?:SB)?(\d{8})$/.exec(text);
  return match ? match[1] : null;
}

/** "2316 6026": the code as residents read it (an old "SB-" left in a stored text is dropped). */
export function formatTrackingCode(code: string): string {
  const digits = code.replace(/^SB-?/i, '');
  return TRACKING_CODE_PATTERN.test(digits) ? `${digits.slice(0, 4)} ${digits.slice(4)}` : code;
}
