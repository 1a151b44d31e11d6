import { apiRequest } from '../http/apiRequest';

export interface SubmittedDeclaration {
  id: number;
  trackingCode: string;
  state: string;
  riskTypes: string[];
  urgency: 'urgent' | 'normal';
  assignee: { name: string } | null;
}

/** POST the canonical payload built by answersToPayload; the server validates and derives the rest. */
export function submitDeclaration(payload: Record<string, unknown>): Promise<SubmittedDeclaration> {
  return apiRequest<SubmittedDeclaration>('POST', '/api/declarations', payload, { auth: true });
}
