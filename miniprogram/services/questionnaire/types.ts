import type { QuestionnaireDefinition } from '../../shared/questionnaireWalker';

/** One entry of the risk-type catalogue: code → the official label (因病, 因学…), in the official order. */
export interface RiskTypeEntry {
  code: string;
  label: string;
}

/**
 * GET /api/questionnaire: the definition the server walks (shared/questionnaireWalker.ts),
 * plus what the mini-program alone needs to show it — the county served, its figures for the
 * year, and the risk-type catalogue.
 */
export interface ServedQuestionnaire extends QuestionnaireDefinition {
  thresholds?: { year: number; incomeLine: number; medicalThreshold: number; rigidSpendingThreshold: number; isExample?: boolean };
  county?: { code: string; name: string };
  riskTypes?: RiskTypeEntry[];
}
