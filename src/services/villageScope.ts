import type { EntityManager } from 'typeorm';
import { DomainError } from '../domain/errors';
import { inScope } from '../domain/workflow';
import { Region } from '../store/entities';
import type { StaffActor } from './actors';
import { workflowActor } from './caseActions';

/**
 * A village the staff member may work on, asked of the domain's scope rule as a case there would
 * be; one outside their area reads exactly like one that does not exist.
 */
export async function reachableVillage(manager: EntityManager, staff: StaffActor, villageCode: string): Promise<Region & { parentCode: string }> {
  const village = await manager.findOne(Region, { where: { code: villageCode, level: 'village' } });
  const place = village?.parentCode ? { assigneeId: null, residentId: null, villageCode, townCode: village.parentCode, countyCode: village.countyCode } : null;
  if (!village || !place || !inScope(place, workflowActor(staff))) throw new DomainError('not_found', '没有找到这个村', 404);
  return village as Region & { parentCode: string };
}
