import { DomainError } from '../../domain/errors';
import { maskIdNumber, maskPhone } from '../../domain/idNumber';
import { Case, DepartmentWarning, type Region } from '../../store/entities';
import { insertRow, inTransaction, isUniqueViolation } from '../../store/transaction';
import type { StaffActor } from '../actors';
import { auditActor, recordEvent } from '../audit';
import type { AppContext } from '../context';
import { countyFigures, type CountyFigures } from '../countySettings';
import { fileCase } from '../fileCase';
import { findVillage } from '../regions';
import { analyseWarnings, type Analysis, type AnalysedRow } from './analyse';
import { COMMIT_STATUSES, countOf, fileView, rowView, type RowCase, type RowView } from './views';

/** The audit actions: a case filed from a warning, and a warning added to the household's open case. */
export const WARNING_FILED = 'department_warning';
export const WARNING_LINKED = 'warning_linked';

interface Batch {
  app: AppContext;
  staff: StaffActor;
  analysis: Analysis;
  figures: CountyFigures;
}

const isWarningKeyTaken = (error: unknown) => isUniqueViolation(error, 'uq_department_warnings_key', 'department_warnings.uniqueKey');

/** The trail's note (and the cadre's, on the case page): who warned, and why, in their words. */
const warningNote = (row: AnalysedRow) => `${row.department}预警：${row.reason}`;

function warningRecord(batch: Batch, row: AnalysedRow, caseId: number, outcome: DepartmentWarning['outcome'], now: Date): DepartmentWarning {
  return Object.assign(new DepartmentWarning(), {
    uniqueKey: row.uniqueKey as string,
    countyCode: batch.analysis.county.code,
    year: batch.analysis.year,
    idNumberHash: row.idNumberHash as string,
    department: row.department,
    reason: row.reason,
    riskTypes: row.riskTypes,
    villageCode: (row.village as NonNullable<AnalysedRow['village']>).code,
    caseId,
    outcome,
    importToken: batch.analysis.token,
    importedById: batch.staff.id,
    createdAt: now,
  });
}

/** The case an earlier (or concurrent) import of the same warning went to. */
async function earlierCase(batch: Batch, row: AnalysedRow): Promise<RowCase | null> {
  const manager = batch.app.db.manager;
  const warning = await manager.findOne(DepartmentWarning, { select: { caseId: true }, where: { uniqueKey: row.uniqueKey as string } });
  const found = warning ? await manager.findOne(Case, { select: { id: true, trackingCode: true }, where: { id: warning.caseId } }) : null;
  return found ? { id: found.id, trackingCode: found.trackingCode } : null;
}

/** The household's open case was there first: the warning joins its trail, and no second case is made. */
async function linkWarning(batch: Batch, row: AnalysedRow, open: RowCase): Promise<RowView> {
  const now = batch.app.clock();
  try {
    await inTransaction(batch.app.db, async (manager) => {
      const c = await manager.findOneOrFail(Case, { select: { id: true, state: true }, where: { id: open.id } });
      await insertRow(manager, DepartmentWarning, warningRecord(batch, row, c.id, 'linked', now));
      const data = { department: row.department, reason: row.reason };
      await recordEvent(manager, auditActor(batch.staff, batch.staff.name), { caseId: c.id, action: WARNING_LINKED, fromState: c.state, toState: c.state, note: warningNote(row), data }, now);
    });
    return rowView(row, 'linked', open);
  } catch (error) {
    if (isWarningKeyTaken(error)) return rowView(row, 'imported', await earlierCase(batch, row));
    throw error;
  }
}

/**
 * A new case through the normal filing path (routing, due times, audit row, the cadre's notice),
 * marked 部门筛查预警, with the warning's record in the same transaction. What the list does not
 * say is not made up: household size and income are 0 — "not known yet", as on a call-back
 * request — until the cadre's visit records them (the 核查认定表 has its own figures); the phone
 * is empty unless the list gave a mobile; no key-group flag or urgency is derived from numbers
 * nobody gave. The household did not declare, so it is not told in WeChat: the cadre contacts it.
 */
async function fileWarning(batch: Batch, row: AnalysedRow): Promise<RowView> {
  const { app, staff, figures } = batch;
  const village = await findVillage(app.db.manager, (row.village as NonNullable<AnalysedRow['village']>).code);
  const now = app.clock();
  const idNumberHash = row.idNumberHash as string;
  try {
    const { row: filed, assignee } = await fileCase(
      app,
      { village, figures, now },
      {
        channel: 'api',
        intakeMethod: 'department_warning',
        residentId: null,
        applicantName: row.name,
        phoneEnc: app.crypto.encrypt(row.phone ?? ''),
        phoneMasked: row.phone ? maskPhone(row.phone) : '',
        idNumberEnc: app.crypto.encrypt(row.idNumber),
        idNumberMasked: maskIdNumber(row.idNumber),
        idNumberHash,
        openIdHash: idNumberHash,
        proxyName: null,
        proxyRelation: null,
        proxyPhoneEnc: null,
        householdSize: 0,
        hardships: row.riskTypes,
        // 其他 carries the department's own words, as a declaration's 其他 carries the household's.
        details: row.riskTypes.includes('other') ? { otherText: row.reason } : {},
        annualIncome: 0,
        perCapitaIncome: 0,
        incomeLine: figures.incomeLine,
        riskTypes: row.riskTypes,
        flags: [],
        urgent: false,
        urgencyReasons: [],
        callbackRequested: false,
      },
      {
        actor: auditActor(staff, staff.name),
        note: warningNote(row),
        event: { action: WARNING_FILED, data: { department: row.department, reason: row.reason } },
        alongside: async (manager, c) => {
          await insertRow(manager, DepartmentWarning, warningRecord(batch, row, c.id, 'created', now));
        },
      },
    );
    return rowView(row, 'created', { id: filed.id, trackingCode: filed.trackingCode, assignee: assignee?.name ?? null });
  } catch (error) {
    // Another upload of the same list got there first.
    if (isWarningKeyTaken(error)) return rowView(row, 'imported', await earlierCase(batch, row));
    // The household's case was opened since the preview (a declaration, or a row above in another upload).
    if (isUniqueViolation(error, 'uq_cases_open_id', 'cases.openIdHash')) {
      const open = await app.db.manager.findOne(Case, { select: { id: true, trackingCode: true, countyCode: true }, where: { openIdHash: idNumberHash } });
      if (open?.countyCode === batch.analysis.county.code) return linkWarning(batch, row, { id: open.id, trackingCode: open.trackingCode });
      if (open) return rowView({ ...row, problems: [...row.problems, '这户在外县已有在办案件，请与该县联系'] }, 'invalid', null);
    }
    throw error;
  }
}

/**
 * 导入: the file previewed, read and checked again (the database may have moved since), then
 * each accepted row on its own — a new case, or a link to the household's open case — so one
 * refusal does not undo the others, and an upload cut short is finished by uploading it again.
 */
export async function commitWarnings(app: AppContext, staff: StaffActor, county: Region, bytes: Buffer, department: string | null, token: string) {
  const analysis = await analyseWarnings(app, county, bytes, department);
  if (analysis.token !== token) throw new DomainError('stale_preview', '文件和预览时的不一致，请重新选择文件预览后再导入', 409);
  const batch: Batch = { app, staff, analysis, figures: await countyFigures(app.db.manager, county.code, app.clock()) };
  const rows: RowView[] = [];
  for (const row of analysis.rows) {
    if (row.status === 'ready') rows.push(await fileWarning(batch, row));
    else if (row.status === 'open' && row.existing) rows.push(await linkWarning(batch, row, row.existing));
    else rows.push(rowView(row));
  }
  const counts = countOf(rows, COMMIT_STATUSES);
  // Counts only: the list is personal data, and the log travels further than the database.
  app.logger.info({ staffId: staff.id, county: county.code, rows: rows.length, ...counts }, 'department warnings imported');
  return { ...fileView(analysis), counts, rows };
}
