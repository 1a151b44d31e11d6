import type { RiskType } from './riskTypes';
import type {
  QuestionnaireDefinition as SharedDefinition,
  Question as SharedQuestion,
  QuestionOption as SharedOption,
} from '../shared/questionnaireWalker';

/**
 * The self-declaration questionnaire as data. The bot and the mini-program both walk this
 * definition (served by GET /api/questionnaire) with the walker in src/shared, and both end with
 * the same canonical declaration payload; the server derives everything else from that payload.
 * Here the shared shapes are narrowed to the server's risk-type codes, so content that maps an
 * option to an unknown risk type does not compile.
 */
export type QuestionOption = SharedOption<RiskType>;
export type Question = SharedQuestion<RiskType>;
export type QuestionnaireDefinition = SharedDefinition<RiskType>;

export type { AnswerKind, Answers, Condition } from '../shared/questionnaireWalker';
export { answersToPayload, applicableQuestions, conditionHolds, nextQuestion } from '../shared/questionnaireWalker';
export { HARDSHIP_OPTIONS, INCOME_BRACKETS, QUESTIONNAIRE } from './questionnaireContent';
