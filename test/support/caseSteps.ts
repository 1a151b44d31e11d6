import type { TestApp } from './testApp';
import { declaration } from './testApp';
import { validIdNumber } from './ids';

type User = Parameters<TestApp['login']>[0];

/**
 * A case's procedure over the API in a few words: every action reads the case's version first
 * (as a screen would) unless the test gives one, and the forms have sensible defaults.
 */
export function caseSteps(t: TestApp) {
  const tokens = new Map<string, string>();
  // Tokens expire with the test clock: one per user and day.
  const token = async (user: User) => {
    const key = `${user}:${t.clock.now.toISOString().slice(0, 10)}`;
    if (!tokens.has(key)) tokens.set(key, await t.login(user));
    return tokens.get(key) as string;
  };
  let sequence = 500;

  const detail = async (user: User, id: number) =>
    (await t.http.get(`/api/cases/${id}`).set('authorization', `Bearer ${await token(user)}`).expect(200)).body;

  async function act(user: User, id: number, body: Record<string, unknown>, status = 200) {
    const version = body.version ?? (await detail(user, id)).version;
    const response = await t.http.post(`/api/cases/${id}/actions`).set('authorization', `Bearer ${await token(user)}`).send({ version, ...body });
    if (response.status !== status) throw new Error(`${String(body.action)} by ${user}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  async function declare(overrides: Record<string, unknown> = {}, applicant: Record<string, unknown> = {}, residentToken?: string) {
    const request = t.http.post('/api/declarations');
    if (residentToken) request.set('authorization', `Bearer ${residentToken}`);
    const response = await request.send(declaration(overrides, { idNumber: validIdNumber(sequence++), ...applicant })).expect(201);
    return response.body as { id: number; trackingCode: string; state: string };
  }

  return { token, detail, act, declare };
}

/** A 核查认定表 for an ill household of four that goes on to the review, unless overridden. */
export function visitForm(overrides: Record<string, unknown> = {}) {
  return {
    action: 'record_visit',
    visitedOn: '2026-11-24',
    visitors: ['张明', '驻村队员王强'],
    householdSize: 4,
    verifiedRiskTypes: ['illness'],
    income: { wage: 8000, business: 6000, property: 0, transfer: 3000, businessExpense: 2000, insuranceClaims: 0, compliantOutOfPocket: 12000 },
    assets: { company: false, urbanProperty: false, consumerCar: false },
    ...overrides,
  };
}

export const reviewForm = (overrides: Record<string, unknown> = {}) => ({
  action: 'record_review',
  meetingOn: '2026-11-25',
  attendance: 23,
  result: 'pass',
  proposedType: 'sudden',
  measures: ['medical_assistance', 'critical_illness_insurance'],
  ...overrides,
});
