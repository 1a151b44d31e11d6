import { HIDDEN_CHARACTER_WORDS, hasHiddenCharacter } from '../../shared/textRules';
import { applicantSchema } from '../declaration';
import { idNumberProblem, normalizeIdNumber, normalizePhone, phoneProblem } from '../idNumber';
import type { RiskType } from '../riskTypes';
import type { ColumnMap, WarningField } from './columns';
import { normalizeWords, riskTypesOfReason } from './reason';
import { matchVillage, type VillagePlace } from './villages';

/** A cell as the file gave it: text, or a number when a spreadsheet stored one. */
export type Cell = string | number | null;

/** The longest reason and department name kept (the reason becomes a case's 其他 text: 200 at most). */
export const REASON_MAX = 200;
export const DEPARTMENT_MAX = 40;

/** One row of the list, checked on its own. `problems` is empty when it can become a case. */
export interface CheckedRow {
  /** The row's number in the file as the spreadsheet shows it (1-based, header counted). */
  line: number;
  name: string;
  /** Canonical when valid; as written otherwise. Personal data: never sent back unmasked. */
  idNumber: string;
  idValid: boolean;
  villageText: string;
  village: VillagePlace | null;
  reason: string;
  department: string;
  phone: string | null;
  riskTypes: RiskType[];
  problems: string[];
}

const text = (cell: Cell | undefined): string => (cell === null || cell === undefined ? '' : String(cell).trim());

/**
 * An 18-digit ID number a spreadsheet stored as a number has lost its last digits (a double holds
 * 15–16): say so, rather than "身份证号有一位不对", which would send the county hunting a typo.
 */
function idProblem(cell: Cell | undefined, normalized: string, today: Date): string | null {
  if (typeof cell === 'number' && !Number.isSafeInteger(cell)) return '身份证号被Excel存成了数字，后几位已经丢失：请把这一列设为“文本”格式，重新填写后再上传';
  if (!normalized) return '没有写身份证号';
  return idNumberProblem(normalized, today);
}

export interface RowContext {
  today: Date;
  villages: readonly VillagePlace[];
  /** The department the county named for the whole file, for a list without that column. */
  department: string | null;
}

/** Checks one row: each problem in the county's words, all of them, so one pass fixes the file. */
export function checkRow(line: number, cells: readonly Cell[], columns: ColumnMap, ctx: RowContext): CheckedRow {
  const at = (field: WarningField) => {
    const column = columns[field];
    return column ? cells[column.index] : undefined;
  };
  const problems: string[] = [];
  const name = text(at('name')).replace(/\s/g, '');
  const nameCheck = applicantSchema.shape.name.safeParse(name);
  if (!name) problems.push('没有写姓名');
  else if (!nameCheck.success) problems.push(nameCheck.error.issues[0].message.replace('户主姓名', '姓名'));

  const idNumber = normalizeIdNumber(text(at('idNumber')));
  const idWrong = idProblem(at('idNumber'), idNumber, ctx.today);
  if (idWrong) problems.push(idWrong);

  const villageText = text(at('village'));
  const match = matchVillage(villageText, ctx.villages);
  if ('problem' in match) problems.push(match.problem);

  const reason = text(at('reason')).replace(/\s+/g, ' ');
  if (!normalizeWords(reason)) problems.push('没有写预警原因');
  else if ([...reason].length > REASON_MAX) problems.push(`预警原因最多${REASON_MAX}字`);
  else if (hasHiddenCharacter(reason, 'text')) problems.push(`预警原因${HIDDEN_CHARACTER_WORDS}`);

  const department = text(at('department')) || ctx.department || '';
  if (!normalizeWords(department)) problems.push('没有写来源部门（文件里没有这一列时，请在上传时填写）');
  else if ([...department].length > DEPARTMENT_MAX) problems.push(`来源部门最多${DEPARTMENT_MAX}字`);
  else if (hasHiddenCharacter(department, 'name')) problems.push(`来源部门${HIDDEN_CHARACTER_WORDS}`);

  const phoneText = text(at('phone'));
  const phone = phoneText ? normalizePhone(phoneText) : null;
  const phoneWrong = phone ? phoneProblem(phone) : null;
  if (phoneWrong) problems.push(`联系电话不对（${phoneWrong}），可以留空`);

  return {
    line,
    name,
    idNumber,
    idValid: idWrong === null,
    villageText,
    village: 'village' in match ? match.village : null,
    reason,
    department,
    phone,
    riskTypes: normalizeWords(reason) ? riskTypesOfReason(reason) : [],
    problems,
  };
}

/** A row with nothing in any column the list is read by: skipped, as spreadsheets trail blank rows. */
export function isBlankRow(cells: readonly Cell[], columns: ColumnMap): boolean {
  return Object.values(columns).every((column) => !text(cells[column.index]));
}

/**
 * The same person twice in one file: the later rows are flagged (one case a household, whatever
 * the number of reasons — write them in one row). Only valid ID numbers are compared.
 */
export function flagRepeats(rows: CheckedRow[]): void {
  const first = new Map<string, number>();
  for (const row of rows) {
    if (!row.idValid) continue;
    const earlier = first.get(row.idNumber);
    if (earlier === undefined) first.set(row.idNumber, row.line);
    else row.problems.push(`与第${earlier}行是同一个人（身份证号相同），同一人请写在一行`);
  }
}
