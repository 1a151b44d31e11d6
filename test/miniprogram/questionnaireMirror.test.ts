import {
  answersToPayload as serverPayload,
  applicableQuestions as serverApplicable,
  Answers,
  HARDSHIP_OPTIONS,
  QUESTIONNAIRE,
} from '../../src/domain/questionnaire';
import { answersToPayload, applicableQuestions, nextQuestion, QuestionnaireDefinition } from '../../miniprogram/utils/questionnaire';
import { VALID_ID, VILLAGE } from './support/fixtures';

// Compile-time half of the mirror: the server's definition must fit the mini-program's types.
const served: QuestionnaireDefinition = JSON.parse(JSON.stringify(QUESTIONNAIRE));

/** A full set of answers for the given hardships, as the declare page stores them. */
function answersFor(hardships: string[], family: boolean): Answers {
  const answers: Answers = family
    ? { start: '2', proxy: '李明|儿子', proxyPhone: '13800001111' }
    : { start: '1', phone: '13912345678' };
  Object.assign(answers, { village: VILLAGE.code, name: '巴特尔', idNumber: VALID_ID, household: 4, hardships, income: '3' });
  const followUps: Answers = {
    medicalOutOfPocket: 12000, dropout: '1', students: 2, housingDanger: '2', waterProblem: '3',
    disabilityCertificate: '1', disasterWhen: '1', disasterLoss: 30000, accidentWhen: '2', accidentCost: 8000,
    industryLoss: 15000, jobless: 1, joblessSince: '3', laborCount: 0, otherText: '老伴住院没人照顾',
  };
  return { ...followUps, ...answers };
}

const cases: [string, string[], boolean][] = [
  ...HARDSHIP_OPTIONS.map((o): [string, string[], boolean] => [o.value, [o.value], false]),
  ['all hardships, for a family member', HARDSHIP_OPTIONS.map((o) => o.value), true],
];

test.each(cases)('the mini-program builds the same payload as the server: %s', (_name, hardships, family) => {
  const answers = answersFor(hardships, family);
  expect(answersToPayload(served, answers)).toEqual(serverPayload(QUESTIONNAIRE, answers));
  expect(applicableQuestions(served, answers).map((q) => q.id)).toEqual(serverApplicable(QUESTIONNAIRE, answers).map((q) => q.id));
});

test('follow-ups of hardships not chosen are left out even when answered earlier', () => {
  const answers = answersFor(['illness'], false);
  const payload = answersToPayload(served, answers);
  expect(payload.details).toEqual({ medicalOutOfPocket: 12000, incomeBracket: 3 });
  expect(payload).toMatchObject({ proxy: null, consent: true, annualIncome: 25000, hardships: ['illness'] });
});

test('nextQuestion walks into the chosen branch', () => {
  expect(nextQuestion(served, { start: '2' })?.id).toBe('proxy');
  const beforeFollowUps: Answers = { start: '1', village: VILLAGE.code, name: '巴特尔', idNumber: VALID_ID, phone: '13912345678', household: 4 };
  expect(nextQuestion(served, { ...beforeFollowUps, hardships: ['water'] })?.id).toBe('waterProblem');
  expect(nextQuestion(served, { ...beforeFollowUps, hardships: ['water'], waterProblem: '1' })?.id).toBe('income');
});
