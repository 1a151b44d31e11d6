import type { EntityManager } from 'typeorm';
import { chooseAssignee, type RoutingCandidate } from '../domain/routing';
import { Case, CadreVillage } from '../store/entities';

/** The active cadres responsible for a village, each with how many open cases they carry. */
export async function routingCandidates(manager: EntityManager, villageCode: string): Promise<RoutingCandidate[]> {
  const rows = await manager
    .createQueryBuilder(CadreVillage, 'cv')
    .innerJoin('cv.staff', 's', 's.active = :active AND s.role = :role', { active: true, role: 'cadre' })
    .select('cv.staffId', 'staffId')
    .addSelect('cv.isPrimary', 'isPrimary')
    .addSelect((sub) => sub.select('COUNT(*)').from(Case, 'c').where('c.assigneeId = cv.staffId AND c.isOpen = :open', { open: true }), 'openCases')
    .where('cv.villageCode = :villageCode', { villageCode })
    .getRawMany<{ staffId: number; isPrimary: number | boolean; openCases: number | string }>();
  return rows.map((r) => ({ staffId: Number(r.staffId), primary: Boolean(Number(r.isPrimary)), openCases: Number(r.openCases) }));
}

export async function routeToCadre(manager: EntityManager, villageCode: string): Promise<number | null> {
  return chooseAssignee(await routingCandidates(manager, villageCode))?.staffId ?? null;
}
