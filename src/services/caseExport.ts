import type { Writable } from 'node:stream';
import { once, type EventEmitter } from 'node:events';
import type ExcelJS from 'exceljs';
import { excelLibrary } from './onFirstUse';
import { In } from 'typeorm';
import { chinaDate } from '../domain/calendar';
import { RISK_TYPE_LABELS } from '../domain/riskTypes';
import { CLOSE_REASONS, INTAKE_METHODS, MEASURE_LABELS, MONITORING_TYPES, STATE_INFO } from '../domain/workflow';
import { CaseFinder, type CaseFilters } from '../store/caseFinder';
import { type Case, CaseEvent } from '../store/entities';
import type { StaffActor } from './actors';
import { regionNames } from './caseViews';
import type { AppContext } from './context';

/** Rows read and written per round: memory stays at one batch whatever the row count. */
export const EXPORT_BATCH = 1000;

/** The steps whose dates are not in the case's records, only in its audit trail. */
const STEP_ACTIONS = ['accept', 'township_approve', 'county_confirm', 'county_reject'] as const;
type StepAction = (typeof STEP_ACTIONS)[number];

/**
 * The spreadsheet's columns, in the order of the national system's entry form. The ID number
 * is the masked copy: a spreadsheet travels by USB stick and WeChat, the full number never does.
 */
const COLUMNS: { header: string; width: number; value: (c: Case, places: Map<string, string>, steps: Map<StepAction, string>) => string | number | null }[] = [
  { header: '编号', width: 13, value: (c) => c.trackingCode },
  { header: '户主（申请人）', width: 12, value: (c) => c.applicantName },
  { header: '身份证号（脱敏）', width: 21, value: (c) => c.idNumberMasked },
  { header: '乡镇', width: 14, value: (c, places) => places.get(c.townCode) ?? c.townCode },
  { header: '村', width: 16, value: (c, places) => places.get(c.villageCode) ?? c.villageCode },
  // As the visit found it; 0 is "not known yet" (a department's list gives no household size).
  { header: '家庭人口', width: 9, value: (c) => c.visit?.householdSize ?? (c.householdSize || null) },
  { header: '风险类型', width: 22, value: (c) => (c.visit?.verifiedRiskTypes ?? c.riskTypes).map((r) => RISK_TYPE_LABELS[r as keyof typeof RISK_TYPE_LABELS] ?? r).join('、') },
  { header: '监测方式', width: 14, value: (c) => INTAKE_METHODS[c.intakeMethod] },
  { header: '状态', width: 12, value: (c) => STATE_INFO[c.state].label },
  { header: '监测对象类型', width: 14, value: (c) => (c.monitoringType ? (MONITORING_TYPES[c.monitoringType as keyof typeof MONITORING_TYPES] ?? c.monitoringType) : null) },
  // The visit's figure once recorded (12 months, as the 核查认定表 counts it); before that, the household's own.
  { header: '家庭人均纯收入（元）', width: 14, value: (c) => c.visit?.figures.perCapitaNetIncome ?? (c.householdSize ? c.perCapitaIncome : null) },
  { header: '申报日期', width: 12, value: (c) => chinaDate(c.createdAt) },
  { header: '受理日期', width: 12, value: (_c, _p, steps) => steps.get('accept') ?? null },
  { header: '入户核查日期', width: 12, value: (c) => c.visit?.visitedOn ?? null },
  { header: '村级评议日期', width: 12, value: (c) => c.review?.meetingOn ?? null },
  { header: '公示开始日期', width: 12, value: (c) => c.publicity?.startsOn ?? null },
  { header: '公示结束日期', width: 12, value: (c) => (c.publicity ? chinaDate(new Date(c.publicity.endsAt)) : null) },
  { header: '乡镇审核日期', width: 12, value: (_c, _p, steps) => steps.get('township_approve') ?? null },
  { header: '县级确定日期', width: 12, value: (_c, _p, steps) => steps.get('county_confirm') ?? steps.get('county_reject') ?? null },
  { header: '帮扶措施', width: 30, value: (c) => (c.measures ?? c.review?.measures ?? []).map((m) => MEASURE_LABELS[m] ?? m).join('、') || null },
  { header: '结案原因', width: 12, value: (c) => (c.closeReason ? (CLOSE_REASONS[c.closeReason as keyof typeof CLOSE_REASONS] ?? c.closeReason) : null) },
];

export const EXPORT_HEADERS = COLUMNS.map((c) => c.header);

/** Each case's latest date for each step, from the audit trail. */
async function stepDates(app: AppContext, cases: Case[]): Promise<Map<number, Map<StepAction, string>>> {
  const out = new Map<number, Map<StepAction, string>>();
  if (cases.length === 0) return out;
  const events = await app.db.getRepository(CaseEvent).find({
    select: { caseId: true, action: true, createdAt: true },
    where: { caseId: In(cases.map((c) => c.id)), action: In([...STEP_ACTIONS]) },
    order: { id: 'ASC' },
  });
  for (const e of events) {
    const steps = out.get(e.caseId) ?? new Map<StepAction, string>();
    steps.set(e.action as StepAction, chinaDate(e.createdAt));
    out.set(e.caseId, steps);
  }
  return out;
}

/** The columns COLUMNS reads (and the keyset's): a batch never loads a case's declaration details or contact ciphertexts. */
const EXPORT_SELECT = [
  'id', 'trackingCode', 'applicantName', 'idNumberMasked', 'townCode', 'villageCode', 'householdSize', 'riskTypes', 'intakeMethod', 'state',
  'monitoringType', 'perCapitaIncome', 'createdAt', 'visit', 'review', 'publicity', 'measures', 'closeReason',
].map((column) => `c.${column}`);

/**
 * Starts an export of the filtered case list, newest first: reads the first batch now (so a
 * database that is down answers 503 before any of the file is sent) and returns the writer.
 * The writer reads by keyset in batches and commits each row as it goes (exceljs's streaming
 * writer, no shared strings), so memory does not grow with the row count, and waits for `out` to
 * drain: a slow download slows the reading; a download given up stops it.
 */
export async function startCaseExport(app: AppContext, staff: StaffActor, filters: CaseFilters, batch = EXPORT_BATCH): Promise<(out: Writable) => Promise<number>> {
  const finder = new CaseFinder(app.db.manager, staff);
  const read = (after?: { key: Date; id: number }) => finder.list(filters, batch, 'newest', after, EXPORT_SELECT);
  const first = await read();
  return async (out) => {
    const workbook = new (excelLibrary().stream.xlsx.WorkbookWriter)({ stream: out, useSharedStrings: false, useStyles: true });
    workbook.creator = '申报通';
    const sheet = workbook.addWorksheet('案件', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = COLUMNS.map((c) => ({ header: c.header, width: c.width }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    // A county has a few hundred towns and villages: their names are read once, not per batch.
    const places = new Map<string, string>();
    let rows = 0;
    let cases = first;
    while (cases.length > 0) {
      const unnamed = cases.flatMap((c) => [c.townCode, c.villageCode]).filter((code) => !places.has(code));
      const [names, steps] = await Promise.all([regionNames(app.db.manager, unnamed), stepDates(app, cases)]);
      for (const [code, name] of names) places.set(code, name);
      for (const c of cases) sheet.addRow(COLUMNS.map((col) => col.value(c, places, steps.get(c.id) ?? new Map()))).commit();
      rows += cases.length;
      // A download given up is a destroyed stream: stop reading (and never wait on it for 'drain').
      if (out.destroyed) return rows;
      await drained(sheetEntry(sheet), out);
      if (out.writableNeedDrain) await firstOf([out, 'drain'], [out, 'close']);
      if (out.destroyed) return rows;
      if (cases.length < batch) break;
      const last = cases[cases.length - 1];
      cases = await read({ key: last.createdAt, id: last.id });
    }
    sheet.commit();
    await workbook.commit();
    return rows;
  };
}

/**
 * The zip entry the sheet's XML is compressed in. exceljs writes each committed row into it
 * without waiting (its StreamBuf ignores the entry's backpressure), so when the database is faster
 * than deflate the rows pile up in the entry's write buffer: 130 MB of Buffers at 100,000 rows,
 * growing with the row count (`npm run bench:export`). Waiting for that buffer to drain keeps
 * memory at one batch. Reached through exceljs's internals (pinned in package.json); when they
 * change shape there is nothing to wait on and the export still works, only without the bound.
 */
export function sheetEntry(sheet: ExcelJS.Worksheet): ZipEntry | null {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes;
  // archiver's entry is a readable-stream v2 PassThrough: no writableNeedDrain, but its state says.
  const entry = pipes?.[0] as (EventEmitter & { _writableState?: { needDrain?: unknown } }) | undefined;
  const state = entry?._writableState;
  return entry && typeof entry.once === 'function' && typeof state?.needDrain === 'boolean' ? { stream: entry, needsDrain: () => state.needDrain === true } : null;
}

interface ZipEntry {
  stream: EventEmitter;
  needsDrain(): boolean;
}

async function drained(entry: ZipEntry | null, out: Writable): Promise<void> {
  if (entry?.needsDrain() && !out.destroyed) await firstOf([entry.stream, 'drain'], [out, 'close']);
}

/** The first of some events; the listeners of the others are removed (a batch each would pile up on the stream). */
export async function firstOf(...waits: [EventEmitter, string][]): Promise<void> {
  const done = new AbortController();
  const waiting = waits.map(([emitter, event]) => once(emitter, event, { signal: done.signal }));
  try {
    await Promise.race(waiting);
  } finally {
    done.abort();
    for (const w of waiting) w.catch(() => undefined);
  }
}

/** Writes the whole export into `out` (scripts and tests; the route starts it first to answer errors before the file). */
export async function exportCases(app: AppContext, staff: StaffActor, filters: CaseFilters, out: Writable, batch = EXPORT_BATCH): Promise<number> {
  return (await startCaseExport(app, staff, filters, batch))(out);
}

/** How many cases match the filters: the console shows an export's progress against it. */
export async function caseCount(app: AppContext, staff: StaffActor, filters: CaseFilters): Promise<number> {
  const counts = await Promise.all(new CaseFinder(app.db.manager, staff).filteredParts(filters).map((part) => part.getCount()));
  return counts.reduce((sum, n) => sum + n, 0);
}
