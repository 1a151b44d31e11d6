import { apiRequest } from '../http/apiRequest';
import type { ResidentCase } from './types';

/** 确认无误, or 有不同意见 with the household's own words. */
export type ConfirmationAnswer = { decision: 'confirm' } | { decision: 'object'; words: string };

/**
 * The household's answer to the visit summary (the 双签字 of the 核查认定表). `version` is the one
 * the resident read: if the case moved on meanwhile the server refuses with 409 (stale_version)
 * rather than confirming something the resident never saw. Resolves to the case as it is now.
 */
export function answerConfirmation(id: number | string, version: number, answer: ConfirmationAnswer): Promise<ResidentCase> {
  return apiRequest<ResidentCase>('POST', `/api/me/cases/${encodeURIComponent(String(id))}/confirmation`, { ...answer, version }, { auth: true });
}
