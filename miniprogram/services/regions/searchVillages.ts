import { apiRequest } from '../http/apiRequest';
import type { Region } from './types';

/** Villages whose name contains the typed text ("联发" finds 联发嘎查). */
export async function searchVillages(text: string): Promise<Region[]> {
  const res = await apiRequest<{ items: Region[] }>('GET', `/api/regions?q=${encodeURIComponent(text)}`);
  return res.items;
}
