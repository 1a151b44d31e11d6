import idCard from 'idcard';

/** Normalises what people type: spaces dropped, full-width digits folded, a trailing x upper-cased. */
export function normalizeIdNumber(raw: string): string {
  return raw
    .replace(/[\s\u3000]/g, '')
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[xｘＸ]$/, 'X');
}

/** An 18-digit resident ID number whose GB 11643 check digit and birth date are valid. */
export function isValidIdNumber(value: string): boolean {
  return /^\d{17}[\dX]$/.test(value) && idCard.verify(value);
}

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

export const PHONE_PATTERN = /^1[3-9]\d{9}$/;
