/**
 * How tall a chat message stands on a phone in WeChat 关怀模式 (care mode: large type, read
 * aloud). One screen holds about 12 lines of 14 Chinese characters; every message a resident
 * reads must fit in one, so nobody scrolls a bubble to find the question.
 *
 * Counting: each "\n"-separated line wraps at SCREEN_COLUMNS columns. Chinese characters and
 * full-width forms (CJK, kana, hangul, ＡＢＣ, “”‘’…—, emoji) take one column; ASCII letters,
 * digits and spaces take half a column, as they render about half as wide. An empty line still
 * takes a line. Words are not kept whole (WeChat breaks "SB-12345678" anywhere too).
 */
export const SCREEN_COLUMNS = 14;
export const SCREEN_LINES = 12;

const WIDE = /[\u1100-\u115F\u2010-\u206F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F000}-\u{1FAFF}\u{20000}-\u{3FFFD}]/u;

/** Columns one piece of text takes (wide = 1, narrow = 0.5). */
export function textColumns(text: string): number {
  let columns = 0;
  for (const char of text) columns += WIDE.test(char) ? 1 : 0.5;
  return columns;
}

/** Display lines of a message at `columns` per line. */
export function screenLines(message: string, columns = SCREEN_COLUMNS): number {
  return message.split('\n').reduce((total, line) => total + Math.max(1, Math.ceil(textColumns(line) / columns)), 0);
}

/** Whether a message fits one 关怀模式 screen. */
export function fitsOneScreen(message: string): boolean {
  return screenLines(message) <= SCREEN_LINES;
}

/** Cuts one line into pieces of at most `columns` columns. */
function cutLine(line: string, columns: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const char of line) {
    if (textColumns(piece + char) > columns) {
      pieces.push(piece);
      piece = '';
    }
    piece += char;
  }
  return [...pieces, piece];
}

/**
 * A message as the screens it needs: itself when it fits one; else cut between its lines (a line
 * taller than a screen is cut too), each part within SCREEN_LINES. Read-backs and lists whose
 * length depends on the answers (the summary with many hardships, the edit list, 查询) go out
 * this way; questions are written to fit one screen on their own.
 */
export function toScreens(message: string): string[] {
  if (fitsOneScreen(message)) return [message];
  const lines = message.split('\n').flatMap((line) => (screenLines(line) > SCREEN_LINES ? cutLine(line, SCREEN_LINES * SCREEN_COLUMNS) : [line]));
  const screens: string[] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (current.length > 0 && screenLines([...current, line].join('\n')) > SCREEN_LINES) {
      screens.push(current.join('\n'));
      current = [];
    }
    current.push(line);
  }
  if (current.length > 0) screens.push(current.join('\n'));
  return screens;
}
