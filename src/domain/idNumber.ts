/**
 * ID numbers and phones on the server: the checks themselves live in src/shared (the
 * mini-program applies the very same ones); masking is the server's own.
 */
export { idCheckChar, idNumberProblem, isValidIdNumber, normalizeIdNumber } from '../shared/idNumber';
export { normalizePhone, PHONE_PATTERN, phoneProblem } from '../shared/phone';

/** `1522**********0012`: enough for a cadre to tell two households apart, not enough to misuse. */
export function maskIdNumber(value: string): string {
  if (value.length < 8) return '*'.repeat(value.length);
  return value.slice(0, 4) + '*'.repeat(value.length - 8) + value.slice(-4);
}

/** `139****5678` */
export function maskPhone(value: string): string {
  if (value.length < 7) return '*'.repeat(value.length);
  return value.slice(0, 3) + '*'.repeat(value.length - 7) + value.slice(-4);
}
