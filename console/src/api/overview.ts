import type { CaseItem } from './types';

/** GET /api/overview: the 首页's numbers (src/services/caseOverview.ts). */
export interface Overview {
  asOf: string;
  open: { total: number; overdue: number; dueSoon: number; urgent: number };
  byState: { state: string; label: string; owner: string | null; open: boolean; count: number }[];
  byArea: { level: 'town' | 'village'; rows: { code: string; name: string; open: number; overdue: number; dueSoon: number }[] };
  byRiskType: { code: string; label: string; count: number }[];
  registered: { days: { date: string; count: number }[]; thisWeek: number; lastWeek: number };
  milestones: { campaign: string; key: string; name: string; from: string | null; date: string; daysLeft: number; measureWords: string | null; remaining: number | null }[];
  attention: { overdue: CaseItem[]; dueSoon: CaseItem[] };
}
