import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { excelLibrary } from '../onFirstUse';
import iconv from 'iconv-lite';
import { DomainError } from '../../domain/errors';
import type { Cell } from '../../domain/warnings';

/** One row of the first sheet as the spreadsheet numbers it. */
export interface SheetRow {
  line: number;
  cells: Cell[];
}

export interface Sheet {
  format: 'xlsx' | 'csv';
  /** How a CSV was written: Excel in China saves "CSV" as GBK (read as GB18030, its superset). */
  encoding: 'utf-8' | 'gb18030' | 'utf-16' | null;
  rows: SheetRow[];
}

const badFile = (message: string) => new DomainError('bad_file', message, 400);

const startsWith = (bytes: Buffer, ...prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/** Dates as the county would type them; formula cells by their result; links and rich text by their words. */
function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return value.text;
  if ('result' in value) return value.result === undefined ? null : cellOf(value.result);
  return null;
}

async function readXlsx(bytes: Buffer, maxRows: number): Promise<SheetRow[]> {
  const workbook = new (excelLibrary().Workbook)();
  try {
    // exceljs types its argument as an ArrayBuffer-backed Buffer; the bytes are the same.
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw badFile('读不出这个Excel文件：请确认是.xlsx文件，没有加密码，然后重新上传');
  }
  // The list is the first sheet that has anything on it (a blank cover sheet is passed over).
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) throw badFile('这个Excel文件是空的');
  if (sheet.actualRowCount > maxRows) throw tooManyRows(maxRows);
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const values = row.values as ExcelJS.CellValue[];
    // row.values is 1-based: column A is values[1].
    rows.push({ line, cells: Array.from({ length: Math.max(values.length - 1, 0) }, (_, i) => cellOf(values[i + 1])) });
  });
  return rows;
}

/** UTF-8 with or without BOM, UTF-16 (Excel's "Unicode text"), else GBK as Excel in China writes it. */
function decodeText(bytes: Buffer): { text: string; encoding: NonNullable<Sheet['encoding']> } {
  if (startsWith(bytes, 0xef, 0xbb, 0xbf)) return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf-8' };
  if (startsWith(bytes, 0xff, 0xfe)) return { text: iconv.decode(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16' };
  if (startsWith(bytes, 0xfe, 0xff)) return { text: iconv.decode(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: GB18030 reads every GBK and GB2312 file the same way.
    return { text: iconv.decode(bytes, 'gb18030'), encoding: 'gb18030' };
  }
}

function readCsv(bytes: Buffer, maxRows: number): Sheet {
  const { text, encoding } = decodeText(bytes);
  if (text.includes('\u0000')) throw badFile('只能上传.xlsx或.csv文件');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  // Tab-separated when the header row has more tabs than commas (Excel's "Unicode text").
  const delimiter = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? '\t' : ',';
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, trim: true, to: maxRows + 1 }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw badFile(`CSV文件${line ? `第${line}行` : ''}格式不对（引号没有配对？），请用Excel打开后重新另存为CSV`);
  }
  if (records.length > maxRows) throw tooManyRows(maxRows);
  return { format: 'csv', encoding, rows: records.map((cells, i) => ({ line: i + 1, cells })) };
}

export const tooManyRows = (maxRows: number) => badFile(`一次最多导入${maxRows.toLocaleString('en-US')}行，请把名单分成几个文件上传`);

/**
 * The uploaded file → rows of cells. The format is told by the bytes, not the name: an .xlsx is a
 * zip; an old .xls is refused with what to do; anything else is read as CSV text. `maxRows`
 * bounds what is read (title rows and header included), so a huge file stops early.
 */
export async function readSheet(bytes: Buffer, maxRows: number): Promise<Sheet> {
  if (bytes.length === 0) throw badFile('文件是空的');
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) return { format: 'xlsx', encoding: null, rows: await readXlsx(bytes, maxRows) };
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0)) throw badFile('这是旧版Excel（.xls）文件：请在Excel里“另存为”.xlsx或CSV后再上传');
  return readCsv(bytes, maxRows);
}
