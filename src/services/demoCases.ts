import { chinaDate, nextDate } from '../domain/calendar';
import { declarationSchema } from '../domain/declaration';
import { Case, Region, StaffUser } from '../store/entities';
import { idCheckChar } from '../shared/idNumber';
import type { StaffActor } from './actors';
import { loadStaffActor } from './auth';
import { startCampaignFromTemplate } from './campaigns';
import { actOnCase } from './caseActions';
import type { AppContext } from './context';
import { submitDeclaration } from './declare';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const GIVEN = ['桂兰', '建国', '春花', '志强', '秀英', '德胜', '玉梅', '海军', '淑珍', '宝山', '金花', '长青'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '包', '白', '吴', '乌', '韩'];

/** Made-up but well-formed: region, a birth date in the 1950s–70s, a sequence, the check character. */
function demoIdNumber(county: string, n: number): string {
  const first17 = `${county}19${50 + (n % 25)}0${1 + (n % 9)}1${n % 9}${String(100 + n).slice(-3)}`;
  return first17 + idCheckChar(first17);
}

/** How far a demo case has got, by how many days ago it was declared. */
type Progress = 'waiting' | 'accepted' | 'visited' | 'reviewed' | 'publicity' | 'township' | 'county' | 'monitored' | 'closed';
const PLAN: { daysAgo: number; progress: Progress; urgent?: true }[] = [
  { daysAgo: 0, progress: 'waiting' },
  { daysAgo: 0, progress: 'waiting', urgent: true },
  { daysAgo: 1, progress: 'waiting' },
  { daysAgo: 2, progress: 'accepted' },
  { daysAgo: 3, progress: 'waiting' },
  { daysAgo: 4, progress: 'accepted' },
  { daysAgo: 5, progress: 'visited' },
  { daysAgo: 6, progress: 'waiting' },
  { daysAgo: 7, progress: 'visited' },
  { daysAgo: 8, progress: 'reviewed' },
  { daysAgo: 9, progress: 'closed' },
  { daysAgo: 10, progress: 'publicity' },
  { daysAgo: 12, progress: 'publicity' },
  { daysAgo: 14, progress: 'township' },
  { daysAgo: 16, progress: 'county' },
  { daysAgo: 18, progress: 'monitored' },
  { daysAgo: 20, progress: 'monitored' },
];
const ORDER: Progress[] = ['waiting', 'accepted', 'visited', 'reviewed', 'publicity', 'township', 'county', 'monitored'];
const reached = (p: Progress, step: Progress) => p !== 'closed' && ORDER.indexOf(p) >= ORDER.indexOf(step);

/**
 * A few weeks of work in the demo county, so the console has something to show on a first
 * start: declarations of the last three weeks in two towns, walked through the real procedure
 * (the same services the API calls, each at its own past moment) to every step from 待受理 to
 * 纳入监测 — some late, one urgent and helped first, one closed — and the year's autumn campaign.
 * Nothing here bypasses a rule.
 */
export async function seedDemoCases(app: AppContext, countyCode: string): Promise<number> {
  const now = app.clock();
  const towns = await app.db.getRepository(Region).find({ where: { parentCode: countyCode, level: 'town' }, order: { code: 'ASC' }, take: 2 });
  const villages = (await Promise.all(towns.map((t) => app.db.getRepository(Region).find({ where: { parentCode: t.code, level: 'village' }, order: { code: 'ASC' }, take: 3 })))).flat();
  const staffBy = async (username: string): Promise<StaffActor> => {
    const user = await app.db.getRepository(StaffUser).findOneOrFail({ where: { username } });
    return (await loadStaffActor(app, user.id))!;
  };
  const county = await staffBy('county');
  // The year's autumn round, so the overview has milestones to count down to.
  await startCampaignFromTemplate(app, countyCode, 'autumn', Number(chinaDate(now).slice(0, 4)), '演示数据');
  let filed = 0;
  for (const [i, plan] of PLAN.entries()) {
    const village = villages[i % villages.length];
    const cadre = await staffBy(`c${village.code}`);
    const township = await staffBy(`t${village.parentCode}`);
    const declaredAt = new Date(now.getTime() - plan.daysAgo * DAY_MS - (i % 3) * HOUR_MS);
    let at = declaredAt;
    // Each step a few hours to a day after the last, never past now.
    const later = (hours: number) => (at = new Date(Math.min(now.getTime() - 60_000, at.getTime() + hours * HOUR_MS)));
    const when = (moment: Date): AppContext => ({ ...app, clock: () => moment });
    const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[i % GIVEN.length]}`;
    const declaration = declarationSchema.parse({
      applicant: { name, phone: `139${String(10_000_000 + i * 7919).slice(-8)}`, idNumber: demoIdNumber(countyCode, i), villageCode: village.code },
      householdSize: 3 + (i % 3),
      hardships: plan.urgent ? ['water'] : i % 4 === 0 ? ['illness', 'labor'] : ['illness'],
      details: plan.urgent ? { waterProblem: 1 } : { medicalOutOfPocket: 8000 + i * 1500 },
      annualIncome: 12_000 + i * 1000,
      consent: true,
      proxy: null,
    });
    const result = await submitDeclaration(when(declaredAt), null, declaration, i % 2 ? 'miniprogram' : 'chat');
    // Each demo household has its own ID number; seeded twice, the second lands on the open case as a report.
    if (result.outcome !== 'filed') continue;
    const { id } = result;
    filed += 1;
    const act = async (who: StaffActor, body: Record<string, unknown>, hours: number) => {
      const moment = later(hours);
      const { version } = await app.db.getRepository(Case).findOneByOrFail({ id });
      await actOnCase(when(moment), who, id, { version, ...body });
    };
    try {
      await walk(plan, { cadre, township, county }, act, later, declaration.householdSize, i);
    } catch (error) {
      // A step the rules refuse at its moment (a window not yet passed): the case stays where it got to.
      app.logger.debug({ err: error, caseId: id }, 'demo case stopped early');
    }
  }
  return filed;
}

type Act = (who: StaffActor, body: Record<string, unknown>, hours: number) => Promise<void>;

/** One demo case from 待受理 as far as its plan says, each step some hours after the last. */
async function walk(plan: (typeof PLAN)[number], staff: Record<'cadre' | 'township' | 'county', StaffActor>, act: Act, later: (hours: number) => Date, householdSize: number, i: number): Promise<void> {
  const { cadre, township, county } = staff;
  if (plan.urgent) await act(township, { action: 'help_first', what: '送去桶装水，协调拉水车每周送水', givenOn: chinaDate(later(2)) }, 0);
  if (plan.progress === 'closed') return act(cadre, { action: 'close', reason: 'withdrawn', note: '群众说困难已经解决，撤回申请' }, 20);
  if (!reached(plan.progress, 'accepted')) return;
  await act(cadre, { action: 'accept' }, 5);
  if (!reached(plan.progress, 'visited')) return;
  const visitedOn = chinaDate(later(24));
  await act(cadre, demoVisit(visitedOn, householdSize, i), 0);
  await act(cadre, { action: 'record_signature', signedOn: visitedOn }, 1);
  if (!reached(plan.progress, 'reviewed')) return;
  await act(cadre, { action: 'record_review', meetingOn: chinaDate(later(30)), attendance: 18 + i, result: 'pass', proposedType: i % 2 ? 'edge' : 'sudden', measures: ['medical_assistance', 'critical_illness_insurance'] }, 0);
  if (!reached(plan.progress, 'publicity')) return;
  await act(cadre, { action: 'start_publicity', startsOn: nextDate(chinaDate(later(4))), place: '村委会公示栏' }, 0);
  if (!reached(plan.progress, 'township')) return;
  // The window is five working days from its first day: take it down a week and a day later.
  await act(cadre, { action: 'finish_publicity' }, 8 * 24);
  if (!reached(plan.progress, 'county')) return;
  await act(township, { action: 'township_approve', note: '抽查属实' }, 20);
  if (!reached(plan.progress, 'monitored')) return;
  await act(county, { action: 'county_confirm' }, 20);
}

function demoVisit(visitedOn: string, householdSize: number, i: number) {
  return {
    action: 'record_visit',
    visitedOn,
    visitors: ['村干部', '驻村工作队员'],
    householdSize,
    verifiedRiskTypes: ['illness'],
    income: { wage: 6000 + i * 500, business: 4000, property: 0, transfer: 2400, businessExpense: 1500, insuranceClaims: 0, compliantOutOfPocket: 9000 + i * 800 },
    assets: { company: false, urbanProperty: false, consumerCar: false },
  };
}
