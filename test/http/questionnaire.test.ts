import { QUESTIONNAIRE } from '../../src/domain/questionnaire';
import { RISK_TYPES, RISK_TYPE_LABELS } from '../../src/domain/riskTypes';
import { createTestApp, DRIVERS, PLACES, type TestApp } from '../support/testApp';

describe.each(DRIVERS)('GET /api/questionnaire on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  it('serves the definition, the county with its figures, and the risk-type catalogue in the official order', async () => {
    const { body } = await t.http.get('/api/questionnaire').query({ county: PLACES.county }).expect(200);
    expect(body.version).toBe(QUESTIONNAIRE.version);
    expect(body.questions.map((q: { id: string }) => q.id)).toEqual(QUESTIONNAIRE.questions.map((q) => q.id));
    expect(body.county).toEqual({ code: PLACES.county, name: expect.any(String) });
    expect(body.thresholds).toMatchObject({ year: 2026, incomeLine: 7500, medicalThreshold: 10_000, rigidSpendingThreshold: 20_000 });
    expect(body.riskTypes).toEqual(RISK_TYPES.map((code) => ({ code, label: RISK_TYPE_LABELS[code] })));
    expect(body.riskTypes[0]).toEqual({ code: 'illness', label: '因病' });
    expect(body.riskTypes.at(-1)).toEqual({ code: 'other', label: '其他' });
  });

  it('answers 404 for a county not served', async () => {
    const { body } = await t.http.get('/api/questionnaire').query({ county: '110105' }).expect(404);
    expect(body.error.code).toBe('not_found');
  });
});
