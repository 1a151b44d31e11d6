import {
  answersToPayload,
  HARDSHIP_OPTIONS,
  INCOME_BRACKETS,
  nextQuestion,
  QUESTIONNAIRE,
  type Answers,
  type Question,
} from '../../src/domain/questionnaire';
import { declarationSchema } from '../../src/domain/declaration';
import { RISK_TYPES, type RiskType } from '../../src/domain/riskTypes';

/** The questions asked whatever the hardship, per start choice. */
const BASE_OWN = ['start', 'village', 'name', 'idNumber', 'phone', 'household', 'hardships', 'income'];
const BASE_PROXY = ['start', 'proxy', 'proxyPhone', 'village', 'name', 'idNumber', 'household', 'hardships', 'income'];

/** Written out independently of the definition: the follow-up questions each hardship adds. */
const FOLLOW_UPS: Record<RiskType, string[]> = {
  illness: ['medicalOutOfPocket'],
  schooling: ['dropout', 'students'],
  housing: ['housingDanger'],
  water: ['waterProblem'],
  disability: ['disabilityCertificate'],
  disaster: ['disasterWhen', 'disasterLoss'],
  accident: ['accidentWhen', 'accidentCost'],
  industry: ['industryLoss'],
  employment: ['jobless', 'joblessSince'],
  labor: ['laborCount'],
  other: ['otherText'],
};

interface WalkOptions {
  hardships: string[];
  start?: '1' | '2';
  income?: string;
}

/** Integers and amounts are kept as numbers, as both channels store them after parsing. */
function answerFor(question: Question, opts: WalkOptions): string | string[] | number {
  if (question.id === 'start') return opts.start ?? '1';
  if (question.id === 'income' && opts.income) return opts.income;
  switch (question.kind) {
    case 'choice':
      return question.options![0].value;
    case 'multi':
      return opts.hardships;
    case 'village':
      return '152221101201';
    case 'text':
      return question.id === 'name' ? '巴特尔' : '家里的羊丢了很多';
    case 'idNumber':
      return '11010519491231002X';
    case 'phone':
      return '13912345678';
    case 'integer': {
      const min = question.min ?? 0;
      const max = question.max ?? 30;
      return Math.min(max, Math.max(min, 2));
    }
    case 'amount':
      return 12000;
    case 'nameRelation':
      return '李明|儿子';
  }
}

/** Walks nextQuestion() to the end, answering each question; returns answers and the ids asked. */
function walk(opts: WalkOptions): { answers: Answers; asked: string[] } {
  const answers: Answers = {};
  const asked: string[] = [];
  for (let q = nextQuestion(QUESTIONNAIRE, answers); q; q = nextQuestion(QUESTIONNAIRE, answers)) {
    if (asked.includes(q.id)) throw new Error(`question ${q.id} asked twice`);
    asked.push(q.id);
    answers[q.id] = answerFor(q, opts);
    if (asked.length > 100) throw new Error('questionnaire never ends');
  }
  return { answers, asked };
}

describe('hardship options', () => {
  it('maps every option to the risk type of the same code', () => {
    for (const option of HARDSHIP_OPTIONS) {
      expect(option.riskType).toBe(option.value);
    }
  });

  it('covers every risk type exactly once', () => {
    const values = HARDSHIP_OPTIONS.map((o) => o.value);
    expect(new Set(values).size).toBe(values.length);
    expect([...values].sort()).toEqual([...RISK_TYPES].sort());
  });

  it('is the option list of the hardships question', () => {
    const q = QUESTIONNAIRE.questions.find((x) => x.id === 'hardships');
    expect(q?.kind).toBe('multi');
    expect(q?.options).toBe(HARDSHIP_OPTIONS);
  });
});

describe('walking the questionnaire for each hardship', () => {
  it.each(RISK_TYPES.map((r) => [r]))('%s: asks its follow-ups only and yields a valid declaration', (code) => {
    const { answers, asked } = walk({ hardships: [code] });
    expect(asked).toEqual(expect.arrayContaining([...BASE_OWN, ...FOLLOW_UPS[code]]));
    expect([...asked].sort()).toEqual([...BASE_OWN, ...FOLLOW_UPS[code]].sort());

    const payload = answersToPayload(QUESTIONNAIRE, answers);
    const parsed = declarationSchema.safeParse(payload);
    if (!parsed.success) throw new Error(`${code}: ${JSON.stringify(parsed.error.issues)}`);
    const declaration = parsed.data;
    expect(declaration.hardships).toEqual([code]);
    expect(Object.keys(declaration.details).sort()).toEqual([...FOLLOW_UPS[code], 'incomeBracket'].sort());
    expect(declaration.details.incomeBracket).toBe(1);
    expect(declaration.annualIncome).toBe(5000);
    expect(declaration.applicant).toEqual({
      name: '巴特尔',
      phone: '13912345678',
      idNumber: '11010519491231002X',
      villageCode: '152221101201',
    });
    expect(declaration.householdSize).toBe(2);
    expect(declaration.consent).toBe(true);
    expect(declaration.proxy).toBeNull();
  });

  it('stores choice answers as numbers and amounts/integers as given', () => {
    const { answers } = walk({ hardships: ['disaster', 'schooling'] });
    const payload = answersToPayload(QUESTIONNAIRE, answers) as { details: Record<string, unknown> };
    expect(payload.details.disasterWhen).toBe(1);
    expect(payload.details.dropout).toBe(1);
    expect(payload.details.incomeBracket).toBe(1);
    expect(payload.details.disasterLoss).toBe(12000);
    expect(payload.details.students).toBe(2);
  });

  it('asks the follow-ups of several hardships together', () => {
    const { asked } = walk({ hardships: ['illness', 'water', 'labor'] });
    expect([...asked].sort()).toEqual([...BASE_OWN, 'medicalOutOfPocket', 'waterProblem', 'laborCount'].sort());
  });
});

describe('income bracket', () => {
  const midpoints: Record<string, number> = { '1': 5000, '2': 15000, '3': 25000, '4': 40000, '5': 60000 };

  it('offers exactly five brackets', () => {
    expect(INCOME_BRACKETS.map((b) => b.value)).toEqual(Object.keys(midpoints));
  });

  it.each(Object.entries(midpoints))('bracket %s sets annualIncome %d', (bracket, midpoint) => {
    const { answers } = walk({ hardships: ['illness'], income: bracket });
    const parsed = declarationSchema.parse(answersToPayload(QUESTIONNAIRE, answers));
    expect(parsed.annualIncome).toBe(midpoint);
    expect(parsed.details.incomeBracket).toBe(Number(bracket));
  });
});

describe('start choice', () => {
  it("'1' (own household) sets proxy null and consent, and asks the applicant's phone", () => {
    const { answers, asked } = walk({ hardships: ['housing'], start: '1' });
    expect(asked).not.toContain('proxy');
    expect(asked).not.toContain('proxyPhone');
    expect(asked).toContain('phone');
    const payload = answersToPayload(QUESTIONNAIRE, answers);
    expect(payload.proxy).toBeNull();
    expect(payload.consent).toBe(true);
  });

  it("'2' (for a relative) sets proxy name, relation and phone, and the applicant phone", () => {
    const { answers, asked } = walk({ hardships: ['housing'], start: '2' });
    expect([...asked].sort()).toEqual([...BASE_PROXY, 'housingDanger'].sort());
    const payload = answersToPayload(QUESTIONNAIRE, answers);
    expect(payload.proxy).toEqual({ name: '李明', relation: '儿子', phone: '13912345678' });
    expect(payload.consent).toBe(true);
    const parsed = declarationSchema.parse(payload);
    expect(parsed.proxy).toEqual({ name: '李明', relation: '儿子', phone: '13912345678' });
    expect(parsed.applicant.phone).toBe('13912345678');
  });

  it("'2' takes the applicant phone from the proxy phone answer", () => {
    const answers: Answers = { ...walk({ hardships: ['water'], start: '2' }).answers, proxyPhone: '13800001111' };
    const payload = answersToPayload(QUESTIONNAIRE, answers) as { applicant: { phone: string }; proxy: { phone: string } };
    expect(payload.applicant.phone).toBe('13800001111');
    expect(payload.proxy.phone).toBe('13800001111');
  });

  it("'3' ends the questionnaire", () => {
    const start = QUESTIONNAIRE.questions.find((q) => q.id === 'start');
    expect(start?.options?.find((o) => o.value === '3')?.ends).toBe(true);
  });

  it('ignores answers to questions whose condition no longer holds', () => {
    const { answers } = walk({ hardships: ['illness'] });
    const payload = answersToPayload(QUESTIONNAIRE, { ...answers, laborCount: 0, proxy: '王五|女儿' }) as {
      details: Record<string, unknown>;
      proxy: unknown;
    };
    expect(payload.details).not.toHaveProperty('laborCount');
    expect(payload.proxy).toBeNull();
  });
});

describe('nextQuestion', () => {
  it('starts with start and returns null once everything is answered', () => {
    expect(nextQuestion(QUESTIONNAIRE, {})?.id).toBe('start');
    const { answers } = walk({ hardships: ['other'] });
    expect(nextQuestion(QUESTIONNAIRE, answers)).toBeNull();
  });

  it('asks a conditional question only after its hardship is chosen', () => {
    const { answers } = walk({ hardships: ['illness'] });
    const withoutFollowUp = { ...answers };
    delete withoutFollowUp.medicalOutOfPocket;
    expect(nextQuestion(QUESTIONNAIRE, withoutFollowUp)?.id).toBe('medicalOutOfPocket');
    const noHardship = { ...withoutFollowUp, hardships: ['water'] };
    expect(nextQuestion(QUESTIONNAIRE, noHardship)?.id).toBe('waterProblem');
  });
});

describe('declarationSchema', () => {
  const valid = () => {
    const { answers } = walk({ hardships: ['illness'] });
    return answersToPayload(QUESTIONNAIRE, answers);
  };

  it('rejects an unknown hardship code', () => {
    expect(declarationSchema.safeParse({ ...valid(), hardships: ['flood'] }).success).toBe(false);
  });

  it('rejects "other" without the text', () => {
    const result = declarationSchema.safeParse({ ...valid(), hardships: ['other'] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['details', 'otherText']);
  });

  it('rejects missing consent and an invalid ID number', () => {
    expect(declarationSchema.safeParse({ ...valid(), consent: false }).success).toBe(false);
    const payload = valid() as { applicant: Record<string, unknown> };
    expect(declarationSchema.safeParse({ ...payload, applicant: { ...payload.applicant, idNumber: '110105194912310021' } }).success).toBe(false);
  });

  it('normalises a lowercase x in the ID number', () => {
    const payload = valid() as { applicant: Record<string, unknown> };
    const parsed = declarationSchema.parse({ ...payload, applicant: { ...payload.applicant, idNumber: '11010519491231002x' } });
    expect(parsed.applicant.idNumber).toBe('11010519491231002X');
  });
});
