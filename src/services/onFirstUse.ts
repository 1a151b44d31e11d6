import type ExcelJS from 'exceljs';
import type QRCode from 'qrcode';

/**
 * Libraries a few requests need, loaded by the first of them instead of at start-up: requiring
 * exceljs alone took 1.6 s of a 2–3 s start (issue 10: start-up ≤ 2 s), for the export and the
 * warning import; qrcode another 0.1 s, for the village QR page.
 */
let excel: typeof ExcelJS | undefined;
let qrcode: typeof QRCode | undefined;

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const excelLibrary = (): typeof ExcelJS => (excel ??= require('exceljs') as typeof ExcelJS);
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const qrLibrary = (): typeof QRCode => (qrcode ??= require('qrcode') as typeof QRCode);
