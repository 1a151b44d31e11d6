import { normalizeWords } from './reason';

/**
 * What makes two warnings the same (the import's idempotency): the same person (by the ID
 * number's keyed hash), from the same department, for the same reason (words compared without
 * spaces or punctuation), in the same county and year. The list sent again — or the same person
 * flagged again after the case was closed — creates nothing in that year; a new year's list, a
 * new reason or another department's warning is new.
 */
export function warningKeyParts(input: { countyCode: string; year: number; idNumberHash: string; department: string; reason: string }): string {
  return [input.countyCode, String(input.year), input.idNumberHash, normalizeWords(input.department), normalizeWords(input.reason)].join('|');
}
