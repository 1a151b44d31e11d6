/** A cadre who could take a case in a village, with what they already carry. */
export interface RoutingCandidate {
  staffId: number;
  primary: boolean;
  openCases: number;
}

/**
 * Who gets a new case: the village's primary cadre (the least loaded if there are several),
 * else the least loaded responsible cadre; ties go to the longest-standing account (lowest id).
 * Null sends the case to the township's queue.
 */
export function chooseAssignee(candidates: readonly RoutingCandidate[]): RoutingCandidate | null {
  if (candidates.length === 0) return null;
  const primaries = candidates.filter((c) => c.primary);
  const pool = primaries.length > 0 ? primaries : candidates;
  return [...pool].sort((a, b) => a.openCases - b.openCases || a.staffId - b.staffId)[0];
}
