import { maskIdNumber } from '../../domain/idNumber';
import { RISK_TYPE_LABELS } from '../../domain/riskTypes';
import type { Analysis, AnalysedRow } from './analyse';

export type RowOutcome = AnalysedRow['status'] | 'created' | 'linked';

export const ROW_STATUS_LABELS: Record<RowOutcome, string> = {
  ready: '可导入',
  invalid: '有问题',
  open: '已有在办',
  imported: '已导入过',
  created: '已建案',
  linked: '已关联在办案件',
};

export interface RowCase {
  id: number;
  trackingCode: string;
  /** Whom a new case went to (null: the township routes it); only on rows just created. */
  assignee?: string | null;
}

/** What the row's status means for the county, in a sentence. */
function message(status: RowOutcome, row: AnalysedRow, found: RowCase | null): string {
  switch (status) {
    case 'invalid':
      return row.problems.join('；');
    case 'ready':
      return `可导入：建案后交${row.village?.name ?? ''}的村干部核实`;
    case 'open':
      return `已有在办案件 ${found?.trackingCode ?? ''}：导入时关联到该案件，不另建案`;
    case 'imported':
      return `已导入过（案件 ${found?.trackingCode ?? ''}），不再重复建案`;
    case 'created':
      return found?.assignee ? `已建案 ${found.trackingCode}，已交村干部${found.assignee}核实` : `已建案 ${found?.trackingCode ?? ''}，这个村还没有负责的村干部，等乡镇分派`;
    case 'linked':
      return `已关联到在办案件 ${found?.trackingCode ?? ''}`;
  }
}

/** One row as the console shows it: the ID number masked, never whole (a preview is a screen, not a vault). */
export function rowView(row: AnalysedRow, status: RowOutcome = row.status, found: RowCase | null = row.existing) {
  return {
    line: row.line,
    name: row.name,
    idNumber: row.idNumber ? maskIdNumber(row.idNumber) : '',
    villageText: row.villageText,
    village: row.village ? { code: row.village.code, name: row.village.name, townName: row.village.townName } : null,
    reason: row.reason,
    department: row.department,
    riskTypes: row.riskTypes,
    riskTypeLabels: row.riskTypes.map((r) => RISK_TYPE_LABELS[r]),
    status,
    statusLabel: ROW_STATUS_LABELS[status],
    message: message(status, row, found),
    case: found,
  };
}

export type RowView = ReturnType<typeof rowView>;

/** The file as read: format, encoding, which header each column was found under. */
export function fileView(analysis: Analysis) {
  return {
    token: analysis.token,
    county: { code: analysis.county.code, name: analysis.county.name },
    format: analysis.format,
    encoding: analysis.encoding,
    columns: Object.fromEntries(Object.entries(analysis.columns).map(([field, column]) => [field, column.header])),
  };
}

export function countOf<S extends string>(rows: readonly { status: string }[], statuses: readonly S[]): Record<S, number> {
  const counts = Object.fromEntries(statuses.map((s) => [s, 0])) as Record<S, number>;
  for (const row of rows) if (row.status in counts) counts[row.status as S] += 1;
  return counts;
}

export const PREVIEW_STATUSES = ['ready', 'invalid', 'open', 'imported'] as const;
export const COMMIT_STATUSES = ['created', 'linked', 'invalid', 'imported'] as const;

export function previewView(analysis: Analysis) {
  const rows = analysis.rows.map((row) => rowView(row));
  return { ...fileView(analysis), counts: countOf(rows, PREVIEW_STATUSES), rows };
}
