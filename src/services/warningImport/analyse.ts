import { createHash } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { chinaDate } from '../../domain/calendar';
import { DomainError } from '../../domain/errors';
import {
  checkRow,
  findHeaderRow,
  flagRepeats,
  isBlankRow,
  mapColumns,
  missingColumns,
  missingColumnsMessage,
  warningKeyParts,
  type CheckedRow,
  type ColumnMap,
  type VillagePlace,
  villageNames,
} from '../../domain/warnings';
import { Case, DepartmentWarning, Region } from '../../store/entities';
import type { AppContext } from '../context';
import { readSheet, tooManyRows, type Sheet } from './readSheet';

/** What one upload may hold: a department's list for a county is hundreds of rows, rarely thousands. */
export const MAX_ROWS = 5000;
export const MAX_BYTES = 5 * 1024 * 1024;
/** Title rows and trailing blank rows a sheet may carry beyond MAX_ROWS before reading stops. */
const READ_SLACK = 100;
const CHUNK = 500;

export type RowStatus = 'ready' | 'invalid' | 'open' | 'imported';

export interface AnalysedRow extends CheckedRow {
  status: RowStatus;
  /** The ID number's keyed hash (the same one cases are looked up by), when it is valid. */
  idNumberHash: string | null;
  /** The warning's idempotency key (hash of domain/warnings/key.ts's parts). */
  uniqueKey: string | null;
  /** The case this row already has: the household's open case, or the one an earlier import created. */
  existing: { id: number; trackingCode: string } | null;
}

export interface Analysis {
  /** Binds a commit to what was previewed: the county, the department given for the file, the bytes. */
  token: string;
  county: Region;
  year: number;
  format: Sheet['format'];
  encoding: Sheet['encoding'];
  columns: ColumnMap;
  rows: AnalysedRow[];
}

const badFile = (message: string) => new DomainError('bad_file', message, 400);
const headerText = (cells: readonly unknown[]) => cells.map((c) => (c === null || c === undefined ? '' : String(c)));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function importToken(countyCode: string, department: string | null, bytes: Buffer): string {
  return createHash('sha256').update(`${countyCode}\n${department ?? ''}\n`).update(bytes).digest('hex');
}

/** The county's villages with their towns' names, for matching what a department wrote. */
async function countyVillages(manager: EntityManager, countyCode: string): Promise<VillagePlace[]> {
  const regions = await manager.find(Region, { where: { countyCode, level: In(['town', 'village']) } });
  const towns = new Map(regions.filter((r) => r.level === 'town').map((r) => [r.code, r.name]));
  return regions
    .filter((r) => r.level === 'village' && r.parentCode)
    .map((r) => ({ code: r.code, name: r.name, townCode: r.parentCode as string, townName: towns.get(r.parentCode as string) ?? r.context ?? '', names: villageNames(r.name) }));
}

async function inChunks<V, T>(values: V[], load: (chunk: V[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(...(await load(values.slice(i, i + CHUNK))));
  return out;
}

/** The header row and the data rows under it; a missing column is one 400 naming them all. */
function tableOf(sheet: Sheet): { columns: ColumnMap; data: Sheet['rows'] } {
  const header = findHeaderRow(sheet.rows.map((r) => headerText(r.cells)));
  const columns = header?.map ?? mapColumns(headerText(sheet.rows[0]?.cells ?? []));
  // Without a header row, the first row is what the county meant as one: it names what is missing.
  const missing = missingColumns(columns);
  if (!header || missing.length) throw badFile(missingColumnsMessage(missing));
  const data = sheet.rows.slice(header.at + 1).filter((r) => !isBlankRow(r.cells, columns));
  if (data.length > MAX_ROWS) throw tooManyRows(MAX_ROWS);
  if (data.length === 0) throw badFile('名单里只有列名，没有人员');
  return { columns, data };
}

/**
 * Reads a department's list and checks every row against the rules and the database — nothing is
 * written. A row is `ready` (becomes a case), `invalid` (with every problem in words), `open`
 * (the household's open case in this county is linked instead: never a second case) or
 * `imported` (the same warning came in earlier this year, whatever became of its case).
 */
export async function analyseWarnings(app: AppContext, county: Region, bytes: Buffer, department: string | null): Promise<Analysis> {
  const now = app.clock();
  const year = Number(chinaDate(now).slice(0, 4));
  const sheet = await readSheet(bytes, MAX_ROWS + READ_SLACK);
  const { columns, data } = tableOf(sheet);
  const villages = await countyVillages(app.db.manager, county.code);
  const checked = data.map((r) => checkRow(r.line, r.cells, columns, { today: now, villages, department }));
  flagRepeats(checked);

  const rows: AnalysedRow[] = checked.map((row) => {
    const idNumberHash = row.idValid ? app.crypto.lookupHash(row.idNumber) : null;
    const uniqueKey = idNumberHash && row.problems.length === 0 ? sha256(warningKeyParts({ countyCode: county.code, year, idNumberHash, department: row.department, reason: row.reason })) : null;
    return { ...row, status: row.problems.length ? 'invalid' : 'ready', idNumberHash, uniqueKey, existing: null };
  });
  await markKnown(app.db.manager, county.code, rows);
  return { token: importToken(county.code, department, bytes), county, year, format: sheet.format, encoding: sheet.encoding, columns, rows };
}

/** Marks the rows the database already knows: warnings imported before, households with an open case. */
async function markKnown(manager: EntityManager, countyCode: string, rows: AnalysedRow[]): Promise<void> {
  const ready = rows.filter((r) => r.status === 'ready');
  const keys = ready.map((r) => r.uniqueKey as string);
  const earlier = await inChunks(keys, (chunk) => manager.find(DepartmentWarning, { select: { uniqueKey: true, caseId: true }, where: { uniqueKey: In(chunk) } }));
  const hashes = [...new Set(ready.map((r) => r.idNumberHash as string))];
  const open = await inChunks(hashes, (chunk) =>
    manager.find(Case, { select: { id: true, trackingCode: true, countyCode: true, openIdHash: true }, where: { openIdHash: In(chunk) } }),
  );
  const caseIds = [...new Set(earlier.map((w) => w.caseId))];
  const codes = new Map(
    (await inChunks(caseIds, (chunk) => manager.find(Case, { select: { id: true, trackingCode: true }, where: { id: In(chunk) } }))).map((c) => [c.id, c.trackingCode]),
  );
  const imported = new Map(earlier.map((w) => [w.uniqueKey, w.caseId]));
  const openByHash = new Map(open.map((c) => [c.openIdHash as string, c]));
  for (const row of ready) {
    const caseId = imported.get(row.uniqueKey as string);
    if (caseId !== undefined) {
      row.status = 'imported';
      row.existing = { id: caseId, trackingCode: codes.get(caseId) ?? '' };
      continue;
    }
    const openCase = openByHash.get(row.idNumberHash as string);
    if (!openCase) continue;
    if (openCase.countyCode === countyCode) {
      row.status = 'open';
      row.existing = { id: openCase.id, trackingCode: openCase.trackingCode };
    } else {
      // Another county's case is neither doubled here nor shown (its number is that county's business).
      row.status = 'invalid';
      row.problems.push('这户在外县已有在办案件，请与该县联系');
    }
  }
}
