import type { LocationQuery } from 'vue-router';

/** The case list's filters as they stand in the URL, so a filtered list can be bookmarked or sent on. */
export interface CaseFilters {
  town?: string;
  village?: string;
  state?: string;
  riskType?: string;
  urgent?: 'true';
  /** overdue | soon */
  due?: string;
  channel?: string;
  intake?: string;
  /** Registered from / to, YYYY-MM-DD. */
  from?: string;
  to?: string;
  /** A tracking code or part of a name. */
  q?: string;
  /** newest (the default, left out of the URL) | oldest | due */
  sort?: string;
  cursor?: string;
}

const KEYS = ['town', 'village', 'state', 'riskType', 'urgent', 'due', 'channel', 'intake', 'from', 'to', 'q', 'sort', 'cursor'] as const;

/** The orders the service offers (GET /api/cases?sort=). */
export const SORTS = [
  { value: 'newest', label: '新登记的在前' },
  { value: 'oldest', label: '早登记的在前' },
  { value: 'due', label: '期限近的在前（在办）' },
] as const;

export function filtersFromQuery(query: LocationQuery): CaseFilters {
  const out: Record<string, string> = {};
  for (const key of KEYS) {
    const value = query[key];
    if (typeof value === 'string' && value !== '') out[key] = value;
  }
  if (out.urgent !== 'true') delete out.urgent;
  if (out.sort === 'newest') delete out.sort;
  return out as CaseFilters;
}

/** A changed filter starts again from the first page. */
export function withFilter(filters: CaseFilters, change: Partial<CaseFilters>): CaseFilters {
  const next: CaseFilters = { ...filters, ...change };
  delete next.cursor;
  if ('town' in change) delete next.village;
  for (const key of KEYS) if (!next[key]) delete next[key];
  return next;
}
