import { apiRequest } from '../http/apiRequest';
import type { ResidentCase } from './types';

export async function listMyCases(): Promise<ResidentCase[]> {
  const res = await apiRequest<{ items: ResidentCase[] }>('GET', '/api/me/cases', undefined, { auth: true });
  return res.items;
}
