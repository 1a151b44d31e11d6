import { apiRequest } from '../http/apiRequest';
import type { ResidentCase } from './types';

export function getMyCase(id: number | string): Promise<ResidentCase> {
  return apiRequest<ResidentCase>('GET', `/api/me/cases/${encodeURIComponent(String(id))}`, undefined, { auth: true });
}
