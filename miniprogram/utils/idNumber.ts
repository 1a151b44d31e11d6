/**
 * Resident ID numbers (GB 11643-1999), checked on the phone so a typo is caught before the
 * resident moves on. Mirrors src/domain/idNumber.ts; the server still checks the region part.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** What people type → canonical form: spaces dropped, full-width digits folded, trailing x upper-cased. */
export function normalizeIdNumber(raw: string): string {
  return raw
    .replace(/[\s\u3000]/g, '')
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[xｘＸ]$/, 'X');
}

/** The check character the first 17 digits call for. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

function isRealBirthDate(yyyymmdd: string, today: Date): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year > today.getFullYear() || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one, leap years included.
  return day <= new Date(year, month, 0).getDate();
}

/** Null when the number is valid; otherwise a plain sentence saying what is wrong. */
export function idNumberProblem(normalized: string, today = new Date()): string | null {
  if (normalized.length !== 18) return `身份证号应为18位，您填了${normalized.length}位`;
  if (!/^\d{17}[\dX]$/.test(normalized)) return '身份证号前17位都是数字，最后一位是数字或X';
  if (!isRealBirthDate(normalized.slice(6, 14), today)) return '身份证号里的出生日期不对，请对照身份证再看一下';
  if (idCheckChar(normalized) !== normalized[17]) return '身份证号有一位不对，请对照身份证一位一位再看一下';
  return null;
}

export function isValidIdNumber(value: string): boolean {
  return idNumberProblem(value) === null;
}
