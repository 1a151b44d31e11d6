import { apiRequest } from '../http/apiRequest';
import type { ServedQuestionnaire } from './types';

/** The questionnaire the county currently serves; the mini-program never keeps its own copy. */
export function fetchQuestionnaire(): Promise<ServedQuestionnaire> {
  return apiRequest<ServedQuestionnaire>('GET', '/api/questionnaire');
}
