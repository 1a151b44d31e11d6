import { apiRequest } from '../http/apiRequest';

export interface SubmittedDeclaration {
  outcome: 'filed';
  id: number;
  trackingCode: string;
  state: string;
  riskTypes: string[];
  urgency: 'urgent' | 'normal';
  assignee: { name: string } | null;
}

/**
 * The household already had an open case (202): what was said is kept on it for the cadre. The
 * answer says nothing about that case, whoever sent it; the page shows the server's words.
 */
export interface ReportedDeclaration {
  outcome: 'reported';
  message: string;
}

/** POST the canonical payload built by answersToPayload; the server validates and derives the rest. */
export function submitDeclaration(payload: Record<string, unknown>): Promise<SubmittedDeclaration | ReportedDeclaration> {
  return apiRequest<SubmittedDeclaration | ReportedDeclaration>('POST', '/api/declarations', payload, { auth: true });
}
