import { randomBytes } from 'node:crypto';
import { createAppContext } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { listCampaigns } from '../../src/services/campaigns';
import { seedDemoCases } from '../../src/services/demoCases';
import { seedDemoCounty } from '../../src/services/demoSeed';
import { Case, CaseEvent } from '../../src/store/entities';
import { freshDatabaseUrl } from '../support/testApp';

/** The demo county's sample cases: walked through the real rules, to every step. */
describe('the demo cases', () => {
  it('fills the console with cases at every step, each with its whole trail', async () => {
    const database = await freshDatabaseUrl('sqlite');
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, DATA_KEY: randomBytes(32).toString('hex'), AUTH_SECRET: randomBytes(32).toString('hex'), DEMO_SEED: 'off' });
    const now = new Date('2026-12-03T10:00:00+08:00');
    const app = await createAppContext(config, { logger: createLogger('silent'), clock: () => now });
    try {
      await seedDemoCounty(app, '152221');
      expect(await seedDemoCases(app, '152221')).toBe(17);
      expect((await listCampaigns(app.db.manager, '152221', 2026)).map((c) => c.kind)).toEqual(['autumn']);
      const cases = await app.db.getRepository(Case).find();
      const states = new Set(cases.map((c) => c.state));
      for (const state of ['assigned', 'investigating', 'village_review', 'publicity', 'county_review', 'monitored', 'closed']) expect(states).toContain(state);
      expect(cases.some((c) => c.urgent && (c.helpFirst ?? []).length === 1)).toBe(true);
      // Nothing happened after now, and a decided case went through every step on the way.
      const events = await app.db.getRepository(CaseEvent).find({ order: { id: 'ASC' } });
      expect(events.every((e) => e.createdAt.getTime() <= now.getTime())).toBe(true);
      const monitored = cases.find((c) => c.state === 'monitored')!;
      expect(events.filter((e) => e.caseId === monitored.id).map((e) => e.action)).toEqual(['declare', 'accept', 'record_visit', 'record_signature', 'record_review', 'start_publicity', 'finish_publicity', 'township_approve', 'county_confirm']);
    } finally {
      await app.db.destroy();
      await database.drop();
    }
  });
});
