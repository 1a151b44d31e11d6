import type { EntityManager } from 'typeorm';
import { chooseAssignee, type RoutingCandidate } from '../domain/routing';

/**
 * The active cadres responsible for a village, each with how many open cases they carry.
 * Plain SQL: it runs inside every declaration, and the query builder costs more than the query.
 */
const CANDIDATES_SQL = `
  SELECT cv.staffId AS staffId, cv.isPrimary AS isPrimary, s.displayName AS name,
    (SELECT COUNT(*) FROM cases c WHERE c.assigneeId = cv.staffId AND c.isOpen = 1) AS openCases
  FROM cadre_villages cv
  INNER JOIN staff_users s ON s.id = cv.staffId AND s.active = 1 AND s.role = 'cadre'
  WHERE cv.villageCode = ?`;

export async function routingCandidates(manager: EntityManager, villageCode: string): Promise<(RoutingCandidate & { name: string })[]> {
  const rows = (await manager.query(CANDIDATES_SQL, [villageCode])) as { staffId: number; isPrimary: number | boolean; openCases: number | string; name: string }[];
  return rows.map((r) => ({ staffId: Number(r.staffId), primary: Boolean(Number(r.isPrimary)), openCases: Number(r.openCases), name: r.name }));
}

/** The cadres staff may give a village's case to, as the console's assign forms offer them. */
export async function assigneeChoices(manager: EntityManager, villageCode: string): Promise<{ id: number; name: string; primary: boolean; openCases: number }[]> {
  return (await routingCandidates(manager, villageCode)).map((r) => ({ id: r.staffId, name: r.name, primary: r.primary, openCases: r.openCases }));
}

/** The cadre a new case in this village goes to (with the name the resident is told), or null for the township's queue. */
export async function chooseCadre(manager: EntityManager, villageCode: string): Promise<{ id: number; name: string } | null> {
  const candidates = await routingCandidates(manager, villageCode);
  const chosen = chooseAssignee(candidates);
  return chosen ? { id: chosen.staffId, name: candidates.find((c) => c.staffId === chosen.staffId)?.name ?? '' } : null;
}
