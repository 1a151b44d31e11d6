/**
 * How much a stored document may hold, in one place. JSON documents live in TEXT columns
 * (entities' `json()`), which hold 65,535 bytes on MariaDB whatever the character set: with
 * utf8mb4 a Chinese character takes 3 bytes, so 22,000 characters already fill one. Every
 * string and list going into such a document is bounded in its schema; the lists that grow with
 * each action (objections, 先行帮扶) are bounded by count here. test/domain/textLimits.test.ts
 * fills every schema to its limits and checks that the result still fits its column.
 */

/** A TEXT column on MariaDB (SQLite has no limit; MariaDB refuses or truncates past it). */
export const JSON_COLUMN_BYTES = 65_535;

/** 公示异议 one publicity may record: a village's 5-day notice sees a handful; 20 answered ones fill half a column. */
export const MAX_OBJECTIONS = 20;

/** 先行帮扶 records one case may carry: help while the procedure runs, not a ledger. */
export const MAX_HELP_FIRST = 20;

/** Bytes the value takes as stored: JSON text in UTF-8 (how TypeORM's simple-json writes it). */
export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value);
  return text === undefined ? 0 : new TextEncoder().encode(text).length;
}

/** Whether the value, as JSON, fits a TEXT column. */
export function fitsJsonColumn(value: unknown): boolean {
  return jsonBytes(value) <= JSON_COLUMN_BYTES;
}
