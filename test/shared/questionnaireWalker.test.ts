import {
  answersToPayload,
  applicableQuestions,
  conditionHolds,
  nextQuestion,
  questionAfter,
  questionBefore,
  type Answers,
  type QuestionnaireDefinition,
} from '../../src/shared/questionnaireWalker';
import { HARDSHIP_OPTIONS, QUESTIONNAIRE } from '../../src/domain/questionnaire';
import { RISK_TYPE_CATALOGUE } from '../../src/domain/riskTypes';
import type { ServedQuestionnaire } from '../../miniprogram/services/questionnaire/types';

/** A small definition written out here, so the walker is tested apart from the real content. */
const DEF: QuestionnaireDefinition = {
  version: 't1',
  intro: '',
  questions: [
    {
      id: 'start', kind: 'choice', chat: { text: '', hint: '' }, tap: { text: '', hint: '' }, label: '', target: 'consentChoice',
      options: [{ value: '1', label: '本人', set: { consent: true } }, { value: '2', label: '家人', set: { consent: true, 'proxy.via': 'family' } }],
    },
    { id: 'proxy', kind: 'nameRelation', chat: { text: '', hint: '' }, tap: { text: '', hint: '' }, label: '', target: ['proxy.name', 'proxy.relation'], when: { question: 'start', equals: '2' } },
    { id: 'hardships', kind: 'multi', chat: { text: '', hint: '' }, tap: { text: '', hint: '' }, label: '', target: 'hardships', options: [{ value: 'illness', label: '' }, { value: 'water', label: '' }] },
    { id: 'cost', kind: 'amount', chat: { text: '', hint: '' }, tap: { text: '', hint: '' }, label: '', target: 'details.cost', when: { question: 'hardships', includes: 'illness' } },
    { id: 'note', kind: 'text', chat: { text: '', hint: '' }, tap: { text: '', hint: '' }, label: '', target: 'details.note', optional: true },
  ],
};

const ids = (questions: { id: string }[]) => questions.map((q) => q.id);

describe('conditionHolds', () => {
  it('compares a choice as text and looks inside a multi answer', () => {
    expect(conditionHolds(undefined, {})).toBe(true);
    expect(conditionHolds({ question: 'start', equals: '2' }, { start: '2' })).toBe(true);
    expect(conditionHolds({ question: 'n', equals: '2' }, { n: 2 })).toBe(true);
    expect(conditionHolds({ question: 'start', equals: '2' }, {})).toBe(false);
    expect(conditionHolds({ question: 'h', includes: 'illness' }, { h: ['water', 'illness'] })).toBe(true);
    expect(conditionHolds({ question: 'h', includes: 'illness' }, { h: 'illness' })).toBe(false);
  });
});

describe('walking a definition', () => {
  it('asks only the questions that apply, in order', () => {
    expect(ids(applicableQuestions(DEF, {}))).toEqual(['start', 'hardships', 'note']);
    expect(ids(applicableQuestions(DEF, { start: '2', hardships: ['illness'] }))).toEqual(['start', 'proxy', 'hardships', 'cost', 'note']);
  });

  it('nextQuestion is the first applicable one without an answer, null at the end', () => {
    expect(nextQuestion(DEF, {})?.id).toBe('start');
    expect(nextQuestion(DEF, { start: '2' })?.id).toBe('proxy');
    expect(nextQuestion(DEF, { start: '1', hardships: ['illness'] })?.id).toBe('cost');
    expect(nextQuestion(DEF, { start: '1', hardships: ['water'], note: '' })).toBeNull();
  });

  it('questionAfter and questionBefore step through the applicable questions', () => {
    const answers: Answers = { start: '1', hardships: ['illness'] };
    expect(questionAfter(DEF, answers, 'hardships')?.id).toBe('cost');
    expect(questionAfter(DEF, answers, 'note')).toBeNull();
    expect(questionBefore(DEF, answers, 'cost')?.id).toBe('hardships');
    expect(questionBefore(DEF, answers, 'start')).toBeNull();
  });

  it('builds the payload: targets, option sets, name|relation, digit choices as numbers, inapplicable answers left out', () => {
    const family = answersToPayload(DEF, { start: '2', proxy: '李明|儿子', hardships: ['water'], cost: 5000, note: '' });
    expect(family).toEqual({
      consentChoice: 2,
      consent: true,
      proxy: { via: 'family', name: '李明', relation: '儿子' },
      hardships: ['water'],
      details: { note: '' },
    });
    const own = answersToPayload(DEF, { start: '1', hardships: ['illness'], cost: 5000 });
    expect(own).toEqual({ consentChoice: 1, consent: true, proxy: null, hardships: ['illness'], details: { cost: 5000 } });
  });
});

/** A full set of answers to the real questionnaire for the given hardships, as a channel stores them. */
function answersFor(hardships: string[], family: boolean): Answers {
  const answers: Answers = family
    ? { start: '2', proxy: '李明|儿子', proxyPhone: '13800001111' }
    : { start: '1', phone: '13912345678' };
  Object.assign(answers, { village: '152223100201', name: '巴特尔', idNumber: '152223196803150019', household: 4, hardships, income: '3' });
  const followUps: Answers = {
    medicalOutOfPocket: 12000, dropout: '1', students: 2, housingDanger: '2', waterProblem: '3',
    disabilityCertificate: '1', disasterWhen: '1', disasterLoss: 30000, accidentWhen: '2', accidentCost: 8000,
    industryLoss: 15000, jobless: 1, joblessSince: '3', laborCount: 0, otherText: '老伴住院没人照顾',
  };
  return { ...followUps, ...answers };
}

describe('the real questionnaire, as served', () => {
  // What the mini-program receives: the definition after JSON, with the county's data and the catalogue.
  // Typed as the mini-program types it, so the served shape and the mini-program's typing cannot drift.
  const served: ServedQuestionnaire = JSON.parse(
    JSON.stringify({ ...QUESTIONNAIRE, riskTypes: RISK_TYPE_CATALOGUE, county: { code: '152223', name: '扎赉特旗' } }),
  );

  const cases: [string, string[], boolean][] = [
    ...HARDSHIP_OPTIONS.map((o): [string, string[], boolean] => [o.value, [o.value], false]),
    ['all hardships, for a family member', HARDSHIP_OPTIONS.map((o) => o.value), true],
  ];

  test.each(cases)('walks the same after JSON as in memory: %s', (_name, hardships, family) => {
    const answers = answersFor(hardships, family);
    expect(answersToPayload(served, answers)).toEqual(answersToPayload(QUESTIONNAIRE, answers));
    expect(ids(applicableQuestions(served, answers))).toEqual(ids(applicableQuestions(QUESTIONNAIRE, answers)));
  });

  test('follow-ups of hardships not chosen are left out even when answered earlier', () => {
    const payload = answersToPayload(served, answersFor(['illness'], false));
    expect(payload.details).toEqual({ medicalOutOfPocket: 12000, incomeBracket: 3 });
    expect(payload).toMatchObject({ proxy: null, consent: true, annualIncome: 25000, hardships: ['illness'] });
  });

  test('nextQuestion walks into the chosen branch', () => {
    expect(nextQuestion(served, { start: '2' })?.id).toBe('proxy');
    const beforeFollowUps: Answers = { start: '1', village: '152223100201', name: '巴特尔', idNumber: '152223196803150019', phone: '13912345678', household: 4 };
    expect(nextQuestion(served, { ...beforeFollowUps, hardships: ['water'] })?.id).toBe('waterProblem');
    expect(nextQuestion(served, { ...beforeFollowUps, hardships: ['water'], waterProblem: '1' })?.id).toBe('income');
  });
});
