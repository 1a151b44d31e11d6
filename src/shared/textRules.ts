/**
 * Characters no stored name or text may hold, checked the same in the mini-program, the chat and
 * the server. Control characters garble a printed 核查认定表 and a terminal reading the logs;
 * bidi overrides make a note read differently from what it says ("RLO" tricks); zero-width
 * characters make two names that look the same compare different, so a duplicate or a search
 * silently misses. A lone surrogate half is not a character at all and cannot be stored as
 * utf8mb4. Free text keeps line breaks and tabs: people write several lines in a note.
 */

/** C0 controls but tab and line feed, DEL, C1 controls. */
const CONTROL_IN_TEXT = '\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f';
/** Bidi marks, embeddings, overrides and isolates; zero-width space/joiners, word joiner and invisible operators, BOM; line and paragraph separators. */
const INVISIBLE = '\\u061c\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff';
const LONE_SURROGATE = '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?:^|[^\\ud800-\\udbff])[\\udc00-\\udfff]';

const HIDDEN_IN_NAME = new RegExp(`[\\t\\n${CONTROL_IN_TEXT}${INVISIBLE}]|${LONE_SURROGATE}`);
const HIDDEN_IN_TEXT = new RegExp(`[${CONTROL_IN_TEXT}${INVISIBLE}]|${LONE_SURROGATE}`);

/** `name`: one line (names, relations, places, titles); `text`: free text, which may have several lines. */
export type TextKind = 'name' | 'text';

/** Whether the value holds a character that kind of text must not. */
export function hasHiddenCharacter(value: string, kind: TextKind): boolean {
  return (kind === 'name' ? HIDDEN_IN_NAME : HIDDEN_IN_TEXT).test(value);
}

/** The words for the refusal, after the field's name: "姓名不能含有控制字符或不可见字符". */
export const HIDDEN_CHARACTER_WORDS = '不能含有控制字符或不可见字符';

/** Null when the value is clean; otherwise the Chinese sentence naming the field. */
export function hiddenCharacterProblem(field: string, value: string, kind: TextKind): string | null {
  return hasHiddenCharacter(value, kind) ? `${field}${HIDDEN_CHARACTER_WORDS}` : null;
}
