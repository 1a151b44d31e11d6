import { createTestApp, declaration, DRIVERS, type TestApp } from '../support/testApp';
import { validIdNumber } from '../support/ids';
import { DigitTrackingCodes1764820000000 } from '../../migrations/1764820000000-DigitTrackingCodes';
import { formatTrackingCode, parseTrackingCode } from '../../src/shared/trackingCode';
import { newTrackingCode } from '../../src/services/trackingCode';
import { Case } from '../../src/store/entities';

/** Issue 13, item 1: codes are eight digits, read in two groups; the old "SB-" form still finds its case. */
describe('tracking codes', () => {
  it('are eight random digits, never starting with 0 (a leading 0 is lost when read out or typed into a number box)', () => {
    const drawn = Array.from({ length: 2000 }, newTrackingCode);
    for (const code of drawn) expect(code).toMatch(/^[1-9]\d{7}$/);
    // Spread over the whole range, not a counter: every leading digit turns up in 2,000 draws.
    expect(new Set(drawn.map((c) => c[0])).size).toBe(9);
  });

  it('are shown as two groups of four, old stored texts included', () => {
    expect(formatTrackingCode('23166026')).toBe('2316 6026');
    expect(formatTrackingCode('SB-23166026')).toBe('2316 6026');
    expect(formatTrackingCode('not a code')).toBe('not a code');
    expect(parseTrackingCode(formatTrackingCode('23166026'))).toBe('23166026');
  });
});

describe.each(DRIVERS)('the migration that drops "SB-" on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  it('rewrites every old code to its digits and back, and new codes cannot take an old code’s digits', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) codes.push((await t.http.post('/api/declarations').send(declaration({}, { idNumber: validIdNumber(700 + i) })).expect(201)).body.trackingCode);
    const repo = t.app.db.getRepository(Case);
    const stored = async () => (await repo.find({ order: { id: 'ASC' } })).map((c) => c.trackingCode);
    // As they were before the migration.
    for (const code of codes.slice(0, 2)) await repo.update({ trackingCode: code }, { trackingCode: `SB-${code}` });
    expect(await stored()).toEqual([`SB-${codes[0]}`, `SB-${codes[1]}`, codes[2]]);

    const migration = new DigitTrackingCodes1764820000000();
    const runner = t.app.db.createQueryRunner();
    try {
      await migration.up(runner);
      expect(await stored()).toEqual(codes);
      await migration.down(runner);
      expect(await stored()).toEqual(codes.map((c) => `SB-${c}`));
      await migration.up(runner);
      expect(await stored()).toEqual(codes);
    } finally {
      await runner.release();
    }
    // One form for old and new, so the unique index guards both.
    await expect(repo.update({ trackingCode: codes[1] }, { trackingCode: codes[0] })).rejects.toThrow();
  });

  it('finds a case in the console search by its old form and as read off the page', async () => {
    const { body } = await t.http.post('/api/declarations').send(declaration({}, { idNumber: validIdNumber(710) })).expect(201);
    const token = await t.login('cadreA1');
    for (const q of [`SB-${body.trackingCode}`, `${body.trackingCode.slice(0, 4)} ${body.trackingCode.slice(4)}`]) {
      const list = await t.http.get('/api/cases').query({ q }).set('authorization', `Bearer ${token}`).expect(200);
      expect(list.body.items.map((c: { id: number }) => c.id)).toEqual([body.id]);
    }
  });
});
