import type { EntityManager } from 'typeorm';
import { chooseAssignee, type RoutingCandidate } from '../domain/routing';

/**
 * The active cadres responsible for a village. Plain SQL: it runs inside every declaration, and
 * the query builder costs more than the query.
 */
const CANDIDATES_SQL = `
  SELECT cv.staffId AS staffId, cv.isPrimary AS isPrimary, s.displayName AS name
  FROM cadre_villages cv
  INNER JOIN staff_users s ON s.id = cv.staffId AND s.active = 1 AND s.role = 'cadre'
  WHERE cv.villageCode = ?`;

/** How many open cases each cadre carries: an index range per cadre (idx_cases_cadre_queue), so only asked when it decides something. */
async function openCaseCounts(manager: EntityManager, staffIds: number[]): Promise<Map<number, number>> {
  const rows = (await manager.query(
    `SELECT assigneeId AS staffId, COUNT(*) AS n FROM cases WHERE assigneeId IN (${staffIds.map(() => '?').join(', ')}) AND isOpen = 1 GROUP BY assigneeId`,
    staffIds,
  )) as { staffId: number | string; n: number | string }[];
  return new Map(rows.map((r) => [Number(r.staffId), Number(r.n)]));
}

type Candidate = RoutingCandidate & { name: string };

/** The village's cadres, each with their open cases; `loads: 'ties'` counts only where the count can change the choice. */
export async function routingCandidates(manager: EntityManager, villageCode: string, loads: 'all' | 'ties' = 'all'): Promise<Candidate[]> {
  const rows = (await manager.query(CANDIDATES_SQL, [villageCode])) as { staffId: number; isPrimary: number | boolean; name: string }[];
  const candidates = rows.map((r) => ({ staffId: Number(r.staffId), primary: Boolean(Number(r.isPrimary)), openCases: 0, name: r.name }));
  // chooseAssignee compares loads only within the pool it picks from: the primaries, else everyone.
  const pool = loads === 'all' ? candidates : candidates.some((c) => c.primary) ? candidates.filter((c) => c.primary) : candidates;
  if (pool.length > (loads === 'all' ? 0 : 1)) {
    const counts = await openCaseCounts(manager, pool.map((c) => c.staffId));
    for (const c of pool) c.openCases = counts.get(c.staffId) ?? 0;
  }
  return candidates;
}

/** The cadres staff may give a village's case to, as the console's assign forms offer them. */
export async function assigneeChoices(manager: EntityManager, villageCode: string): Promise<{ id: number; name: string; primary: boolean; openCases: number }[]> {
  return (await routingCandidates(manager, villageCode)).map((r) => ({ id: r.staffId, name: r.name, primary: r.primary, openCases: r.openCases }));
}

/** The cadre a new case in this village goes to (with the name the resident is told), or null for the township's queue. */
export async function chooseCadre(manager: EntityManager, villageCode: string): Promise<{ id: number; name: string } | null> {
  // A village with one primary cadre (the usual case) needs no count: a flood to that cadre
  // costs each declaration the same, however long their queue grows.
  const candidates = await routingCandidates(manager, villageCode, 'ties');
  const chosen = chooseAssignee(candidates);
  return chosen ? { id: chosen.staffId, name: candidates.find((c) => c.staffId === chosen.staffId)?.name ?? '' } : null;
}
