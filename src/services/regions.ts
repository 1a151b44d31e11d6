import { Like, type DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../domain/errors';
import { Region } from '../store/entities';
import { perDatabase } from './ttlCache';

export interface RegionItem {
  code: string;
  name: string;
  level: string;
  /** The town name, on villages found by search. */
  townName?: string;
}

/** Children of a region for the channels' pickers: towns of a county, villages of a town. */
export async function listRegionChildren(manager: EntityManager, parentCode: string): Promise<RegionItem[]> {
  const rows = await manager.find(Region, { where: { parentCode }, order: { code: 'ASC' } });
  return rows.map(({ code, name, level }) => ({ code, name, level }));
}

/** The regions.name column's length. */
const VILLAGE_NAME_MAX = 100;

/** Villages whose name contains the text, within the loaded counties. */
export async function searchVillages(manager: EntityManager, text: string, limit = 20): Promise<RegionItem[]> {
  const needle = text.replace(/[%_\\]/g, '').trim();
  // No village name is longer than its column: a longer needle matches nothing, and a chat message
  // of thousands of characters made SQLite refuse the LIKE ("pattern too complex": a 500).
  if (!needle || needle.length > VILLAGE_NAME_MAX) return [];
  const rows = await manager.find(Region, { where: { level: 'village', name: Like(`%${needle}%`) }, order: { code: 'ASC' }, take: limit });
  return rows.map(({ code, name, level, context }) => ({ code, name, level, townName: context ?? undefined }));
}

const villageCache = perDatabase<DataSource, string, Region>(10 * 60_000);

/** A village by code; found villages are cached (regions change only by import), misses are not. */
export async function findVillage(manager: EntityManager, villageCode: string): Promise<Region> {
  return villageCache(manager.connection).get(villageCode, async () => {
    const village = await manager.findOne(Region, { where: { code: villageCode, level: 'village' } });
    if (!village || !village.parentCode) throw new DomainError('validation_failed', '所选的村不存在，请重新选择', 400, { field: 'applicant.villageCode' });
    return village;
  });
}

export async function listCounties(manager: EntityManager): Promise<Region[]> {
  return manager.find(Region, { where: { level: 'county' }, order: { code: 'ASC' } });
}
