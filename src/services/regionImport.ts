import type { EntityManager } from 'typeorm';
import { readDivisionCounties } from '../store/chinaDivision';
import { Region } from '../store/entities';

export interface ImportProgress {
  county: string;
  done: number;
  total: number;
}

const CHUNK = 200;

/** Loads counties with their towns and villages; idempotent (upsert by code). */
export async function importCounties(
  manager: EntityManager,
  countyCodes: string[],
  onProgress: (progress: ImportProgress) => void = () => undefined,
): Promise<{ county: string; name: string; towns: number; villages: number }[]> {
  const results = [];
  for (const county of readDivisionCounties(countyCodes)) {
    const townNames = new Map(county.towns.map((t) => [t.code, t.name]));
    const rows: Region[] = [
      Object.assign(new Region(), { code: county.code, name: county.name, level: 'county', parentCode: null, countyCode: county.code, context: county.fullName }),
      ...county.towns.map((t) => Object.assign(new Region(), { code: t.code, name: t.name, level: 'town', parentCode: county.code, countyCode: county.code, context: county.name })),
      ...county.villages.map((v) =>
        Object.assign(new Region(), { code: v.code, name: v.name, level: 'village', parentCode: v.townCode, countyCode: county.code, context: townNames.get(v.townCode) ?? null }),
      ),
    ];
    for (let i = 0; i < rows.length; i += CHUNK) {
      await manager.upsert(Region, rows.slice(i, i + CHUNK), ['code']);
      onProgress({ county: county.name, done: Math.min(i + CHUNK, rows.length), total: rows.length });
    }
    results.push({ county: county.code, name: county.name, towns: county.towns.length, villages: county.villages.length });
  }
  return results;
}
