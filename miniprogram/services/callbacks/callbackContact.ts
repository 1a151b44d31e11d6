import { apiRequest } from '../http/apiRequest';
import type { CallbackContact } from './types';

export function callbackContact(villageCode: string): Promise<CallbackContact> {
  const query = villageCode ? `?villageCode=${encodeURIComponent(villageCode)}` : '';
  return apiRequest<CallbackContact>('GET', `/api/me/callback${query}`, undefined, { auth: true });
}
