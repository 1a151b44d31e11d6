/**
 * Resident ID numbers (居民身份证号码, GB 11643-1999): what people type → the canonical form, and
 * a plain sentence saying what is wrong with it. The server, the chat bot and the mini-program
 * all accept exactly the numbers accepted here.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/**
 * The first two digits: a province-level region (GB/T 2260), or 81/82/83 for the residence
 * permits of Hong Kong, Macao and Taiwan residents.
 */
const PROVINCE_CODES = [
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
];

/** Nobody declaring was born before this year. */
const EARLIEST_BIRTH_YEAR = 1900;

/** What people type → canonical form: spaces dropped, full-width digits folded, a trailing x upper-cased. */
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

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A date that exists in the calendar, not before 1900 and not after `today` (in `today`'s local time). */
function isRealBirthDate(yyyymmdd: string, today: Date): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < EARLIEST_BIRTH_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  const todayNumber = today.getFullYear() * 10000 + (today.getMonth() + 1) * 100 + today.getDate();
  return Number(yyyymmdd) <= todayNumber;
}

/** Null when the (normalised) number is valid; otherwise a plain sentence saying what is wrong. */
export function idNumberProblem(normalized: string, today: Date = new Date()): string | null {
  if (normalized.length !== 18) return `身份证号应为18位，您填了${normalized.length}位`;
  if (!/^\d{17}[\dX]$/.test(normalized)) return '身份证号前17位都是数字，最后一位是数字或X';
  if (!PROVINCE_CODES.includes(normalized.slice(0, 2))) return '身份证号开头两位不对，请对照身份证再看一下';
  if (!isRealBirthDate(normalized.slice(6, 14), today)) return '身份证号里的出生日期不对，请对照身份证再看一下';
  if (idCheckChar(normalized) !== normalized[17]) return '身份证号有一位不对，请对照身份证一位一位再看一下';
  return null;
}

/** An 18-character number with a known province, a real birth date and a correct GB 11643 check character. */
export function isValidIdNumber(value: string): boolean {
  return idNumberProblem(value) === null;
}
