import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export type SheetCell = string | number | null;

/** A department's list as Excel saves it: an optional title row above the header, then the rows. */
export async function xlsxFile(rows: SheetCell[][], title?: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名单');
  if (title) {
    sheet.addRow([title]);
    sheet.mergeCells(1, 1, 1, rows[0].length);
  }
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const csvText = (rows: SheetCell[][]) => rows.map((row) => row.map((cell) => (cell === null ? '' : /[",\n]/.test(String(cell)) ? `"${String(cell).replace(/"/g, '""')}"` : String(cell))).join(',')).join('\r\n');

/** CSV as Excel in China saves it: GBK, CRLF, no BOM. */
export const gbkCsv = (rows: SheetCell[][]): Buffer => iconv.encode(csvText(rows), 'gbk');

/** CSV as Excel's "CSV UTF-8" saves it: with a BOM. */
export const utf8BomCsv = (rows: SheetCell[][]): Buffer => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvText(rows), 'utf8')]);
