import { randomBytes } from 'node:crypto';
import { createAppContext } from '../../src/app';
import { loadConfig } from '../../src/config';
import { tallyDeltas, tallyKeys, type Tallied } from '../../src/domain/caseTally';
import { createLogger } from '../../src/logger';
import type { StaffActor } from '../../src/services/actors';
import { countedFromCases, countedFromTallies } from '../../src/services/caseOverview';
import { rebuildTallies } from '../../src/services/caseTally';
import { seedDemoCases } from '../../src/services/demoCases';
import { seedDemoCounty } from '../../src/services/demoSeed';
import { CaseFinder } from '../../src/store/caseFinder';
import { Case, CaseTally } from '../../src/store/entities';
import { DRIVERS, freshDatabaseUrl } from '../support/testApp';

const base: Tallied = { id: 7, state: 'assigned', urgent: true, riskTypes: ['illness', 'water'], stepDueAt: new Date('2026-12-03T17:00:00Z'), villageCode: '152221100001', townCode: '152221100', countyCode: '152221' };

describe('tally keys', () => {
  it('counts an open case by state, and in any state by urgency, each risk type and its due day, at the village and the town', () => {
    const keys = tallyKeys(base);
    // 17:00 UTC is 01:00 the next day in China.
    expect(keys.map((k) => `${k.level}:${k.parentCode}/${k.areaCode}:${k.state}:${k.dim}`)).toEqual([
      'v:152221100/152221100001:assigned:',
      'v:152221100/152221100001:*:urgent',
      'v:152221100/152221100001:*:risk:illness',
      'v:152221100/152221100001:*:risk:water',
      'v:152221100/152221100001:*:due:2026-12-04',
      't:152221/152221100:assigned:',
      't:152221/152221100:*:urgent',
      't:152221/152221100:*:risk:illness',
      't:152221/152221100:*:risk:water',
      't:152221/152221100:*:due:2026-12-04',
    ]);
    expect(new Set(keys.map((k) => k.slot))).toEqual(new Set([7 % 4]));
  });

  it('counts a closed case by state alone', () => {
    expect(tallyKeys({ ...base, state: 'closed' }).map((k) => k.dim)).toEqual(['', '']);
  });

  it('moves a case only between the rows that differ, in one order', () => {
    expect(tallyDeltas(base, { ...base })).toEqual([]);
    // A new step in the same day: only the state's row moves.
    const moved = tallyDeltas(base, { ...base, state: 'investigating' });
    expect(moved.map((d) => `${d.level}:${d.state}:${d.n}`)).toEqual(['t:assigned:-1', 't:investigating:1', 'v:assigned:-1', 'v:investigating:1']);
    const later = tallyDeltas(base, { ...base, state: 'investigating', stepDueAt: new Date('2026-12-08T02:00:00Z') });
    expect(later.filter((d) => d.dim.startsWith('due:')).map((d) => `${d.dim}:${d.n}`)).toEqual(['due:2026-12-04:-1', 'due:2026-12-08:1', 'due:2026-12-04:-1', 'due:2026-12-08:1']);
    const closed = tallyDeltas(base, { ...base, state: 'closed', stepDueAt: null });
    expect(closed.filter((d) => d.n === -1)).toHaveLength(10);
    expect(closed.filter((d) => d.n === 1).map((d) => d.dim)).toEqual(['', '']);
    const keys = closed.map((d) => [d.level, d.parentCode, d.areaCode, d.state, d.dim, d.slot].join('|'));
    expect(keys).toEqual([...keys].sort());
    expect(tallyDeltas(null, base).every((d) => d.n === 1)).toBe(true);
  });
});

/** The tallies kept by filing and by every action equal a count from nothing, and the overview's two sources agree. */
describe.each(DRIVERS)('the overview tallies on %s', (driver) => {
  it('stay exact through the demo county’s cases walked to every step', async () => {
    const database = await freshDatabaseUrl(driver);
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, DATA_KEY: randomBytes(32).toString('hex'), AUTH_SECRET: randomBytes(32).toString('hex'), DEMO_SEED: 'off' });
    const now = new Date('2026-12-03T10:00:00+08:00');
    const app = await createAppContext(config, { logger: createLogger('silent'), clock: () => now });
    try {
      await seedDemoCounty(app, '152221');
      await seedDemoCases(app, '152221');
      const tallies = app.db.getRepository(CaseTally);
      const snapshot = async () =>
        (await tallies.find()).filter((t) => t.n !== 0).map((t) => `${t.level}|${t.parentCode}|${t.areaCode}|${t.state}|${t.dim}|${t.slot}=${t.n}`).sort();
      const kept = await snapshot();
      expect(kept.length).toBeGreaterThan(20);
      expect(kept.some((k) => k.includes('|closed|'))).toBe(true);
      await app.db.transaction((m) => rebuildTallies((sql) => m.query(sql), driver === "sqlite" ? "sqlite" : "mysql"));
      expect(await snapshot()).toEqual(kept);

      const cases = await app.db.getRepository(Case).find();
      const county: StaffActor = { kind: 'staff', id: 1, name: '县', role: 'county', regionCode: '152221', villageCodes: [] };
      const sorted = (c: Awaited<ReturnType<typeof countedFromCases>>) => ({
        cells: c.cells.filter((x) => x.n > 0).map((x) => `${x.area}|${x.town}|${x.state}=${x.n}`).sort(),
        urgent: c.urgent,
        risks: [...c.risks.entries()].filter(([, n]) => n > 0).sort(),
      });
      const fromCases = (staff: StaffActor, town?: string) => {
        const finder = new CaseFinder(app.db.manager, staff);
        return countedFromCases([town ? finder.filtered({ town }) : finder.scoped()], staff.role === 'county' && !town ? 'townCode' : 'villageCode');
      };
      const today = '2026-12-03';
      const countyWide = sorted(await countedFromTallies(app.db.manager, county, undefined, today));
      expect(countyWide.urgent).toBeGreaterThan(0);
      expect(countyWide).toEqual(sorted(await fromCases(county)));
      for (const town of new Set(cases.map((c) => c.townCode))) {
        const township: StaffActor = { kind: 'staff', id: 2, name: '镇', role: 'township', regionCode: town, villageCodes: [] };
        expect(sorted(await countedFromTallies(app.db.manager, township, undefined, today))).toEqual(sorted(await fromCases(township)));
        expect(sorted(await countedFromTallies(app.db.manager, county, town, today))).toEqual(sorted(await fromCases(county, town)));
      }
      // A cadre's two index-friendly parts count what the one OR scope counts.
      const assigned = cases.find((c) => c.assigneeId !== null)!;
      const cadre: StaffActor = { kind: 'staff', id: assigned.assigneeId as number, name: '村', role: 'cadre', regionCode: null, villageCodes: [assigned.villageCode, cases.find((c) => c.villageCode !== assigned.villageCode)!.villageCode] };
      const cadreFinder = new CaseFinder(app.db.manager, cadre);
      expect(cadreFinder.scopeParts()).toHaveLength(2);
      const parts = sorted(await countedFromCases(cadreFinder.scopeParts(), 'villageCode'));
      expect(parts.cells.length).toBeGreaterThan(0);
      expect(parts).toEqual(sorted(await countedFromCases([cadreFinder.scoped()], 'villageCode')));
      // The list of a cadre whose scope has cases in both parts: each part's page merged in order,
      // page after page, as the one OR scope sorted would list them.
      const other = cases.find((c) => c.villageCode !== assigned.villageCode && c.assigneeId !== assigned.assigneeId)!;
      const mixed: StaffActor = { ...cadre, villageCodes: [other.villageCode] };
      const inScope = cases.filter((c) => c.assigneeId === mixed.id || c.villageCode === other.villageCode);
      expect(inScope.some((c) => c.villageCode !== other.villageCode)).toBe(true);
      for (const [sort, column, sign] of [['newest', 'createdAt', -1], ['oldest', 'createdAt', 1], ['due', 'stepDueAt', 1]] as const) {
        const expected = inScope
          .filter((c) => c[column] !== null)
          .sort((a, b) => sign * ((a[column] as Date).getTime() - (b[column] as Date).getTime() || a.id - b.id))
          .map((c) => c.id);
        const walked: number[] = [];
        let after: { key: Date; id: number } | undefined;
        for (let page = 0; page < 50; page++) {
          const rows = await new CaseFinder(app.db.manager, mixed).list({}, 3, sort, after);
          walked.push(...rows.map((r) => r.id));
          if (rows.length < 3) break;
          const last = rows[rows.length - 1];
          after = { key: last[column] as Date, id: last.id };
        }
        expect(walked).toEqual(expected);
      }
      // Another county's town is nobody's business here.
      expect((await countedFromTallies(app.db.manager, county, '152222100', today)).cells).toEqual([]);
      // Due before today, by town, as the cases say.
      const before = new Map<string, number>();
      for (const c of cases) if (c.isOpen && c.stepDueAt && c.stepDueAt < new Date('2026-12-03T00:00:00+08:00')) before.set(c.townCode, (before.get(c.townCode) ?? 0) + 1);
      expect(before.size).toBeGreaterThan(0);
      expect([...(await countedFromTallies(app.db.manager, county, undefined, today)).overdueBefore].sort()).toEqual([...before].sort());
    } finally {
      await app.db.destroy();
      await database.drop();
    }
  });
});
