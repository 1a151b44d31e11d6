/** One of the resident's declarations as GET /api/me/cases returns it. */
export interface CaseEvent {
  action: string;
  /** Plain words written by the server ("村干部已受理"). */
  label: string;
  at: string;
}

export interface ResidentCase {
  id: number;
  trackingCode: string;
  state: string;
  stateLabel: string;
  /** What the resident should expect next, one sentence. */
  next: string;
  createdAt: string;
  riskTypes: string[];
  riskTypeLabels: string[];
  events: CaseEvent[];
}
