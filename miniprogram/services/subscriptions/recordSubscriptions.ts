import { apiRequest } from '../http/apiRequest';

/** Tells the server which progress-message templates the resident accepted (one accept = one message). */
export async function recordSubscriptions(templateIds: string[], accepted: string[]): Promise<void> {
  await apiRequest<unknown>('POST', '/api/me/subscriptions', { templateIds, accepted }, { auth: true });
}
