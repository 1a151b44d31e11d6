import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { EXPORT_HEADERS, exportCases, firstOf, sheetEntry } from '../../src/services/caseExport';
import { caseSteps, reviewForm, visitForm } from '../support/caseSteps';
import { createTestApp, DRIVERS, PLACES, type TestApp } from '../support/testApp';
import { validIdNumber } from '../support/ids';

const at = (iso: string) => new Date(`${iso}+08:00`);
async function readSheet(buffer: Buffer): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = book.getWorksheet('案件')!;
  const rows: string[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return rows;
}

/** The list as a spreadsheet: same filters, same scope, masked IDs, every row. */
describe.each(DRIVERS)('the case export on %s', (driver) => {
  let t: TestApp;
  let steps: ReturnType<typeof caseSteps>;
  const idNumbers: string[] = [];
  let walked: { id: number; trackingCode: string };

  beforeAll(async () => {
    t = await createTestApp(driver);
    steps = caseSteps(t);
    for (let i = 0; i < 5; i++) {
      const idNumber = validIdNumber(500 + i);
      idNumbers.push(idNumber);
      await steps.declare({}, { name: `导出户${i}`, idNumber, villageCode: i === 4 ? PLACES.villageB1 : PLACES.villageA1 });
    }
    t.clock.now = at('2026-11-23T10:00:00');
    walked = await steps.declare({}, { name: '走完户', idNumber: validIdNumber(600) });
    idNumbers.push(validIdNumber(600));
    await steps.act('cadreA1', walked.id, { action: 'accept' });
    t.clock.now = at('2026-11-24T16:00:00');
    await steps.act('cadreA1', walked.id, visitForm());
    await steps.act('cadreA1', walked.id, { action: 'record_signature', signedOn: '2026-11-24' });
    t.clock.now = at('2026-11-25T15:00:00');
    await steps.act('cadreA1', walked.id, reviewForm());
    await steps.act('cadreA1', walked.id, { action: 'start_publicity', startsOn: '2026-11-26', place: '村委会公示栏' });
  });
  afterAll(() => t.close());

  const download = async (user: Parameters<typeof steps.token>[0], query = '') => {
    const response = await t.http.get(`/api/exports/cases.xlsx${query}`).set('authorization', `Bearer ${await steps.token(user)}`).responseType('blob').expect(200);
    return { response, rows: await readSheet(response.body as Buffer) };
  };

  it('writes the scoped, filtered list with the national system’s columns and no full ID number', async () => {
    const { response, rows } = await download('county');
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toContain("filename*=UTF-8''");
    const counted = await t.http.get('/api/cases/count').set('authorization', `Bearer ${await steps.token('county')}`).expect(200);
    expect(counted.body).toEqual({ count: 6 });
    expect(rows[0]).toEqual(EXPORT_HEADERS);
    expect(rows).toHaveLength(7);
    const text = rows.flat().join('|');
    for (const id of idNumbers) expect(text).not.toContain(id);
    expect(text).not.toContain('13912345678');
    const walkedRow = rows.find((r) => r[0] === walked.trackingCode)!;
    const col = (name: string) => walkedRow[EXPORT_HEADERS.indexOf(name)];
    expect(col('身份证号（脱敏）')).toMatch(/^\d{4}\*+\w{4}$/);
    expect(col('状态')).toBe('公示中');
    expect(col('受理日期')).toBe('2026-11-23');
    expect(col('入户核查日期')).toBe('2026-11-24');
    expect(col('公示开始日期')).toBe('2026-11-26');
    expect(col('公示结束日期')).toMatch(/^2026-12-0\d$/);
    expect(col('帮扶措施')).not.toBe('');
  });

  it('takes the list’s filters and the user’s scope', async () => {
    expect((await download('county', `?town=${PLACES.townB}`)).rows).toHaveLength(2);
    expect((await download('county', `?q=${encodeURIComponent('走完')}`)).rows.map((r) => r[1])).toEqual(['户主（申请人）', '走完户']);
    const cadre = await download('cadreA1');
    expect(cadre.rows).toHaveLength(6);
    const counted = await t.http.get(`/api/cases/count?town=${PLACES.townB}`).set('authorization', `Bearer ${await steps.token('cadreA1')}`).expect(200);
    expect(counted.body).toEqual({ count: 0 });
    expect(cadre.rows.slice(1).every((r) => r[4] !== '联发嘎查')).toBe(true);
    const bad = await t.http.get('/api/exports/cases.xlsx?state=nope').set('authorization', `Bearer ${await steps.token('county')}`).expect(400);
    expect(bad.body.error.message).toBe('状态不正确');
    await t.http.get('/api/exports/cases.xlsx').expect(401);
  });

  it('reads in batches by keyset without repeating or dropping a row', async () => {
    const county = await t.app.db.getRepository('StaffUser').findOneByOrFail({ username: 'county' });
    const staff = { kind: 'staff' as const, id: county.id as number, name: 'county', role: 'county' as const, regionCode: PLACES.county, villageCodes: [] };
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const written = await exportCases(t.app, staff, {}, out, 2);
    await new Promise((r) => out.end(r));
    const rows = await readSheet(Buffer.concat(chunks));
    expect(written).toBe(6);
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(6);
  });

  it('waits for the first of two events and leaves no listener of the other behind', async () => {
    // One wait per batch: the losers' listeners piled up on the download (MaxListenersExceededWarning at a 47-batch export).
    const out = new PassThrough();
    for (let i = 0; i < 20; i++) {
      const waited = firstOf([out, 'drain'], [out, 'close']);
      out.emit('drain');
      await waited;
    }
    expect(out.listenerCount('close')).toBe(0);
    expect(out.listenerCount('drain')).toBe(0);
    expect(out.listenerCount('error')).toBe(0);
  });

  it('finds the zip entry a sheet is compressed in, so it can wait for it to drain', async () => {
    // exceljs's internals: if this fails after an upgrade, the export's memory is unbounded again.
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: new PassThrough().resume(), useSharedStrings: false });
    const sheet = workbook.addWorksheet('x');
    const entry = sheetEntry(sheet);
    expect(entry).not.toBeNull();
    expect(entry!.needsDrain()).toBe(false);
    // Rows committed faster than deflate takes them fill the entry's buffer: then it asks to wait.
    for (let i = 0; i < 20_000 && !entry!.needsDrain(); i++) sheet.addRow([i, `行 ${i}`, 'x'.repeat(50)]).commit();
    expect(entry!.needsDrain()).toBe(true);
    sheet.commit();
    await workbook.commit();
  });

  it('stops reading when the download is given up, instead of waiting on it', async () => {
    const county = await t.app.db.getRepository('StaffUser').findOneByOrFail({ username: 'county' });
    const staff = { kind: 'staff' as const, id: county.id as number, name: 'county', role: 'county' as const, regionCode: PLACES.county, villageCodes: [] };
    // Nobody reads: the first batch fills the buffer, then the reader goes away.
    const out = new PassThrough({ highWaterMark: 16 });
    out.on('error', () => undefined);
    setTimeout(() => out.destroy(), 50);
    const written = await exportCases(t.app, staff, {}, out, 1);
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(6);
  });
});
