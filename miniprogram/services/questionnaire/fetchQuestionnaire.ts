import type { QuestionnaireDefinition } from '../../utils/questionnaire';
import { apiRequest } from '../http/apiRequest';

/** The questionnaire the county currently serves; the mini-program never keeps its own copy. */
export function fetchQuestionnaire(): Promise<QuestionnaireDefinition> {
  return apiRequest<QuestionnaireDefinition>('GET', '/api/questionnaire');
}
