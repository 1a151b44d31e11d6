import { apiRequest } from '../http/apiRequest';
import type { CallbackFiled, CallbackRequest } from './types';

/** "请村干部给我回电话": filed like a declaration, with the number and village given before unless new ones are sent. */
export function requestCallback(request: CallbackRequest): Promise<CallbackFiled> {
  return apiRequest<CallbackFiled>('POST', '/api/me/callbacks', request, { auth: true });
}
