import { api, queryString } from './client';

/** POST /api/warning-imports/preview and /api/warning-imports (src/services/warningImport/views.ts). */
export type RowStatus = 'ready' | 'invalid' | 'open' | 'imported' | 'created' | 'linked';

export interface WarningRow {
  line: number;
  name: string;
  /** Masked: the service never sends an ID number whole. */
  idNumber: string;
  villageText: string;
  village: { code: string; name: string; townName: string } | null;
  reason: string;
  department: string;
  riskTypeLabels: string[];
  status: RowStatus;
  statusLabel: string;
  message: string;
  case: { id: number; trackingCode: string; assignee?: string | null } | null;
}

interface WarningFile {
  token: string;
  county: { code: string; name: string };
  format: 'xlsx' | 'csv';
  encoding: string | null;
  columns: Record<string, string>;
}

export interface WarningPreview extends WarningFile {
  counts: { ready: number; invalid: number; open: number; imported: number };
  rows: WarningRow[];
}

export interface WarningImportResult extends WarningFile {
  counts: { created: number; linked: number; invalid: number; imported: number };
  rows: WarningRow[];
}

export interface ImportTarget {
  county?: string;
  department?: string;
}

export const previewWarnings = (file: File, target: ImportTarget) => api<WarningPreview>('POST', `/api/warning-imports/preview${queryString({ ...target })}`, file);

/** The same file again with the preview's token: the service imports exactly what it showed. */
export const importWarnings = (file: File, target: ImportTarget, token: string) => api<WarningImportResult>('POST', `/api/warning-imports${queryString({ ...target, token })}`, file);
