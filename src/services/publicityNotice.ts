import type { EntityManager } from 'typeorm';
import { chinaDate } from '../domain/calendar';
import { MONITORING_TYPES } from '../domain/workflow';
import { CaseFinder } from '../store/caseFinder';
import { Region } from '../store/entities';
import type { StaffActor } from './actors';
import { reachableVillage } from './villageScope';
import { routingCandidates } from './routing';

/** The national hotline every notice names for objections (the same one the mini-program shows). */
const HOTLINE = { name: '全国防返贫监测帮扶热线', phone: '12317' } as const;

/**
 * What the village signs with: a 居委会 already is a committee; a 村 or 嘎查 signs as its 村民委员会.
 */
const committeeOf = (villageName: string) => (/(委员会|居委会)$/.test(villageName) ? villageName : `${villageName}村民委员会`);

/**
 * The 拟纳入名单公示 of one village: the households now in publicity, as the village posts them
 * (Gengma plan 附件2, 评议公示). Only what a public notice shows — the head of household, the
 * household's size and the proposed type — never ID numbers, phones, money or the hardship itself.
 * The window's end is the one the domain stored when publicity started, never counted again here.
 */
export async function publicityNotice(manager: EntityManager, staff: StaffActor, villageCode: string) {
  const village = await reachableVillage(manager, staff, villageCode);

  const [town, cases, cadres] = await Promise.all([
    manager.findOne(Region, { select: { name: true }, where: { code: village.parentCode } }),
    new CaseFinder(manager, staff)
      .scoped()
      .andWhere('c.villageCode = :villageCode AND c.state = :state', { villageCode, state: 'publicity' })
      .orderBy('c.createdAt', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .getMany(),
    routingCandidates(manager, villageCode),
  ]);

  const items = cases.flatMap((c) => {
    if (!c.publicity) return [];
    const type = c.review?.proposedType ?? null;
    return [
      {
        caseId: c.id,
        headOfHousehold: c.applicantName,
        // The size the visit verified; the declared one only if there was no visit.
        householdSize: c.visit?.householdSize ?? c.householdSize,
        proposedType: type,
        proposedTypeLabel: type ? MONITORING_TYPES[type] : null,
        startsOn: c.publicity.startsOn,
        endsOn: chinaDate(new Date(c.publicity.endsAt)),
        days: c.publicity.days,
        unit: c.publicity.unit,
        provisional: c.publicity.provisional,
        place: c.publicity.place ?? null,
      },
    ];
  });
  const townName = town?.name ?? village.context ?? village.parentCode;
  const starts = items.map((i) => i.startsOn).sort();
  const ends = items.map((i) => i.endsOn).sort();

  return {
    village: { code: village.code, name: village.name, committee: committeeOf(village.name) },
    town: { code: village.parentCode, name: townName },
    items,
    // The notice as a whole runs from the first window's start to the last one's end.
    period: items.length ? { startsOn: starts[0], endsOn: ends[ends.length - 1] } : null,
    objections: {
      // Staff records carry no phone number, so a cadre is named, not dialled; primary cadre first.
      cadres: cadres.sort((a, b) => Number(b.primary) - Number(a.primary)).map((c) => ({ name: c.name })),
      township: townName,
      hotline: HOTLINE,
    },
  };
}
