import fc from 'fast-check';
import { httpJson } from '../../scripts/bench/http';
import { answerProblem, rowFingerprint } from '../support/errorShape';
import { validIdNumber } from '../support/ids';
import { createTestApp, declaration, DRIVERS, listenOnce, type TestApp } from '../support/testApp';

/**
 * POST /api/declarations under generated bodies: arbitrary JSON, text that is not JSON, valid
 * declarations with a few fields replaced by wrong types, huge or unusual strings, or dropped,
 * with and without a resident's token. Never a 5xx; every refusal in the one error shape with a
 * Chinese message, and no row written or changed by it. 10,000 runs on SQLite (in memory, the
 * faster here), 500 on MariaDB; the seed is fixed and printed by fast-check on a failure.
 */
jest.setTimeout(120_000);

const RUNS = { sqlite: 10_000, mariadb: 500 } as const;
const SEED = 20261123;

/** Where a value can go wrong in a declaration (dotted path in the canonical payload). */
const PATHS = [
  'applicant', 'applicant.name', 'applicant.phone', 'applicant.idNumber', 'applicant.villageCode', 'householdSize', 'hardships', 'hardships.0',
  'details', 'details.medicalOutOfPocket', 'details.otherText', 'details.disasterDate', 'details.disasterWhen', 'details.students', 'details.incomeBracket',
  'annualIncome', 'consent', 'proxy', 'proxy.name', 'proxy.relation', 'proxy.phone', 'extra',
];

const unusualText = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom('', ' ', '\u0000', '\u202e巴特尔', '巴\u200b特尔', '👨‍👩‍👧‍👦', '𠀀𠀁', 'NaN', '-0', '1e309', '0x10', '<script>', "'; DROP TABLE cases; --", '11010519491231002x', '152221100001 ', 'constructor', '__proto__', 'valueOf') },
  // Past every field's bound and past the 64 kB body limit.
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 70_000 }).chain((n) => fc.constantFrom('x'.repeat(n), '中'.repeat(n), '😀'.repeat(Math.ceil(n / 2)))) },
);
const wrongValue = fc.oneof(
  unusualText,
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53, [], {}, [null], ['illness', 'illness'], ['other']),
);

type Mutation = { path: string; op: 'set' | 'drop'; value?: unknown };
const mutation: fc.Arbitrary<Mutation> = fc.record({ path: fc.constantFrom(...PATHS), op: fc.constantFrom('set', 'set', 'drop'), value: wrongValue });

function mutate(body: Record<string, unknown>, mutations: Mutation[]): unknown {
  const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  for (const { path, op, value } of mutations) {
    const keys = path.split('.');
    let node: unknown = copy;
    for (const key of keys.slice(0, -1)) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    if (!node || typeof node !== 'object') continue;
    const last = keys[keys.length - 1];
    if (op === 'drop') delete (node as Record<string, unknown>)[last];
    // A copy: fast-check hands out the same constant objects run after run.
    else (node as Record<string, unknown>)[last] = value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  }
  return copy;
}

/** A request: its text, and whether it carries a resident's token (or a forged one). */
const request = fc.record({
  raw: fc.oneof(
    { weight: 5, arbitrary: fc.tuple(fc.nat(999), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([n, ms]) => JSON.stringify(mutate(declaration({}, { idNumber: validIdNumber(n) }), ms))) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
    { weight: 1, arbitrary: fc.nat(999).map((n) => JSON.stringify(declaration({}, { idNumber: validIdNumber(n) })).slice(0, -1 - (n % 20))) },
    { weight: 1, arbitrary: fc.constantFrom('{"__proto__": {"consent": true}}', '{"constructor": {"prototype": {}}}', '{"applicant": {"__proto__": null}}') },
  ),
  token: fc.constantFrom('none', 'resident', 'forged'),
});

describe.each(DRIVERS)('declarations under generated input on %s', (driver) => {
  let t: TestApp;
  let service: Awaited<ReturnType<typeof listenOnce>>;
  let residentToken: string;

  beforeAll(async () => {
    t = await createTestApp(driver);
    service = await listenOnce(t);
    residentToken = (await t.http.post('/api/auth/wechat').send({ code: 'demo:properties' }).expect(200)).body.token;
  });
  afterAll(async () => {
    await service.close();
    await t.close();
  });

  it(`answers ${RUNS[driver]} generated declarations without a 5xx, refusals in the one shape, and writes nothing it refuses`, async () => {
    const fingerprint = rowFingerprint(t.app);
    let rows = await fingerprint();
    const seen = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(request, async ({ raw, token }) => {
        const bearer = token === 'resident' ? residentToken : token === 'forged' ? `${residentToken.slice(0, -2)}xx` : undefined;
        const response = await httpJson('POST', `${service.url}/api/declarations`, { raw, token: bearer });
        const problem = answerProblem(response.status, response.body);
        if (problem) throw new Error(problem);
        const after = await fingerprint();
        if (response.status >= 400) {
          seen.refused++;
          expect(after).toBe(rows);
        } else seen.accepted++;
        rows = after;
      }),
      { numRuns: RUNS[driver], seed: SEED },
    );
    // The generator reaches both sides, or the property proves little.
    expect(seen.refused).toBeGreaterThan(RUNS[driver] / 2);
    expect(seen.accepted).toBeGreaterThan(0);
  });
});
