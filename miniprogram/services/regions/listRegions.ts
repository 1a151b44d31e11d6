import { apiRequest } from '../http/apiRequest';
import type { Region } from './types';

/** The towns of a county, or the villages of a town. */
export async function listRegions(parentCode: string): Promise<Region[]> {
  const res = await apiRequest<{ items: Region[] }>('GET', `/api/regions?parent=${encodeURIComponent(parentCode)}`);
  return res.items;
}
