import type { RiskType } from './riskTypes';

/**
 * The self-declaration questionnaire as data. The bot and the mini-program both walk this
 * definition (served by GET /api/questionnaire) and both end with the same canonical
 * declaration payload; the server derives everything else from that payload.
 *
 * A question writes its answer to `target` (a dotted path in the payload); a chosen option may
 * also `set` other paths. `when` decides whether a question is asked, from earlier answers.
 */
export type AnswerKind =
  | 'choice' // one digit
  | 'multi' // several digits separated by spaces
  | 'text' // free text
  | 'nameRelation' // "李明 儿子"
  | 'phone' // 11 digits
  | 'idNumber' // 18 characters, checksum-valid
  | 'village' // a village code picked by search or town → village
  | 'integer' // a small count
  | 'amount'; // yuan; accepts 1万2, 12000, 一万二

export interface QuestionOption {
  value: string;
  label: string;
  /** For hardship options: the risk type this plain-words choice maps to. */
  riskType?: RiskType;
  /** Extra payload values set when this option is picked. */
  set?: Record<string, unknown>;
  /** Picking this ends the questionnaire without a declaration. */
  ends?: boolean;
}

export type Condition =
  | { question: string; equals: string }
  | { question: string; includes: string };

export interface Question {
  id: string;
  kind: AnswerKind;
  text: string;
  /** A short line shown after an invalid reply. */
  hint: string;
  /** Short label used in the summary ("户主", "困难"…). */
  label: string;
  target?: string | string[];
  options?: QuestionOption[];
  min?: number;
  max?: number;
  when?: Condition;
  optional?: boolean;
}

export interface QuestionnaireDefinition {
  version: string;
  intro: string;
  questions: Question[];
}

const WHEN_OPTIONS: QuestionOption[] = [
  { value: '1', label: '一个月内' },
  { value: '2', label: '一到六个月' },
  { value: '3', label: '半年以前' },
];

const YES_NO: QuestionOption[] = [
  { value: '1', label: '有' },
  { value: '2', label: '没有' },
];

const AMOUNT_HINT = '请回复一个数字，大概数就行，例如：12000 或 1万2';

export const HARDSHIP_OPTIONS: QuestionOption[] = [
  { value: 'illness', label: '家里有人得了大病、慢性病，看病花钱多', riskType: 'illness' },
  { value: 'schooling', label: '孩子上学开销大，或有孩子不上学了', riskType: 'schooling' },
  { value: 'housing', label: '房子不安全：漏雨、墙裂、可能倒塌', riskType: 'housing' },
  { value: 'water', label: '吃水难：没水吃、水不干净、取水太远', riskType: 'water' },
  { value: 'disability', label: '家里有人残疾', riskType: 'disability' },
  { value: 'disaster', label: '遭了灾：旱、涝、冰雹、雪灾、病虫害、牲畜疫病', riskType: 'disaster' },
  { value: 'accident', label: '出了意外：车祸、火灾、工伤等', riskType: 'accident' },
  { value: 'industry', label: '种地养殖或做生意亏本了', riskType: 'industry' },
  { value: 'employment', label: '打工没活干、失业、工资拿不到', riskType: 'employment' },
  { value: 'labor', label: '家里缺劳动力：老人病人多，没人能干活', riskType: 'labor' },
  { value: 'other', label: '其他困难', riskType: 'other' },
];

/** Bracket → midpoint used as the annual income estimate (5万以上 counts as 60000). */
export const INCOME_BRACKETS: QuestionOption[] = [
  { value: '1', label: '不到1万', set: { annualIncome: 5000 } },
  { value: '2', label: '1万到2万', set: { annualIncome: 15000 } },
  { value: '3', label: '2万到3万', set: { annualIncome: 25000 } },
  { value: '4', label: '3万到5万', set: { annualIncome: 40000 } },
  { value: '5', label: '5万以上', set: { annualIncome: 60000 } },
];

const hardship = (code: RiskType): Condition => ({ question: 'hardships', includes: code });

export const QUESTIONNAIRE: QuestionnaireDefinition = {
  version: '2026.1',
  intro: '您好！这里是防返贫自主申报。家里遇到困难可以在这里说，村干部会尽快联系您。',
  questions: [
    {
      id: 'start',
      kind: 'choice',
      label: '申报方式',
      text: '您说的情况只用于核实和帮扶，并同意村里核实家庭收入和财产。',
      hint: '请回复数字1、2或3',
      options: [
        { value: '1', label: '给自己家申报', set: { consent: true, proxy: null } },
        { value: '2', label: '帮家人申报', set: { consent: true } },
        { value: '3', label: '不报了', ends: true },
      ],
    },
    {
      id: 'proxy',
      kind: 'nameRelation',
      label: '代申报人',
      text: '请说一下您的名字和您是户主的什么人，例如：李明 儿子',
      hint: '请写名字和关系，中间空一格，例如：李明 儿子',
      target: ['proxy.name', 'proxy.relation'],
      when: { question: 'start', equals: '2' },
    },
    {
      id: 'proxyPhone',
      kind: 'phone',
      label: '代申报人电话',
      text: '您的手机号是？',
      hint: '请回复11位手机号，例如：13912345678',
      target: ['proxy.phone', 'applicant.phone'],
      when: { question: 'start', equals: '2' },
    },
    {
      id: 'village',
      kind: 'village',
      label: '村',
      text: '您家是哪个村（嘎查）？直接写村名，例如：联发',
      hint: '请写村名里的一两个字，或回复数字选择',
      target: 'applicant.villageCode',
    },
    {
      id: 'name',
      kind: 'text',
      label: '户主',
      text: '户主姓名是？（身份证上的名字）',
      hint: '请写户主的名字，2到20个字',
      target: 'applicant.name',
      min: 2,
      max: 20,
    },
    {
      id: 'idNumber',
      kind: 'idNumber',
      label: '身份证号',
      text: '户主身份证号是？（18位）',
      hint: '身份证号不对，请再看一下，18位，最后一位可能是X',
      target: 'applicant.idNumber',
    },
    {
      id: 'phone',
      kind: 'phone',
      label: '电话',
      text: '方便联系的手机号是？',
      hint: '请回复11位手机号，例如：13912345678',
      target: 'applicant.phone',
      when: { question: 'start', equals: '1' },
    },
    {
      id: 'household',
      kind: 'integer',
      label: '家庭人口',
      text: '家里一共几口人？',
      hint: '请回复1到30之间的数字',
      target: 'householdSize',
      min: 1,
      max: 30,
    },
    {
      id: 'hardships',
      kind: 'multi',
      label: '困难',
      text: '家里最近遇到了什么困难？可以选几个，用空格隔开，例如：1 6',
      hint: '请回复序号，几个就用空格隔开，例如：1 6',
      target: 'hardships',
      options: HARDSHIP_OPTIONS,
    },
    {
      id: 'medicalOutOfPocket',
      kind: 'amount',
      label: '看病自付',
      text: '最近一年看病自己掏了多少钱？（报销后自己出的，大概数就行，元）',
      hint: AMOUNT_HINT,
      target: 'details.medicalOutOfPocket',
      when: hardship('illness'),
      min: 0,
      max: 10_000_000,
    },
    {
      id: 'dropout',
      kind: 'choice',
      label: '孩子辍学',
      text: '有没有上小学、初中的孩子不去上学了？',
      hint: '请回复1或2',
      target: 'details.dropout',
      options: YES_NO,
      when: hardship('schooling'),
    },
    {
      id: 'students',
      kind: 'integer',
      label: '上学孩子',
      text: '上学的孩子有几个？',
      hint: '请回复0到15之间的数字',
      target: 'details.students',
      when: hardship('schooling'),
      min: 0,
      max: 15,
    },
    {
      id: 'housingDanger',
      kind: 'choice',
      label: '住房',
      text: '房子现在怎么样？',
      hint: '请回复1或2',
      target: 'details.housingDanger',
      options: [
        { value: '1', label: '可能倒塌，住着不安全' },
        { value: '2', label: '漏雨裂缝，还能住' },
      ],
      when: hardship('housing'),
    },
    {
      id: 'waterProblem',
      kind: 'choice',
      label: '吃水',
      text: '吃水是什么情况？',
      hint: '请回复1、2或3',
      target: 'details.waterProblem',
      options: [
        { value: '1', label: '现在没水吃' },
        { value: '2', label: '水不干净' },
        { value: '3', label: '取水太远' },
      ],
      when: hardship('water'),
    },
    {
      id: 'disabilityCertificate',
      kind: 'choice',
      label: '残疾证',
      text: '有残疾证吗？',
      hint: '请回复1或2',
      target: 'details.disabilityCertificate',
      options: YES_NO,
      when: hardship('disability'),
    },
    {
      id: 'disasterWhen',
      kind: 'choice',
      label: '遭灾时间',
      text: '什么时候遭的灾？',
      hint: '请回复1、2或3',
      target: 'details.disasterWhen',
      options: WHEN_OPTIONS,
      when: hardship('disaster'),
    },
    {
      id: 'disasterLoss',
      kind: 'amount',
      label: '灾害损失',
      text: '大概损失多少钱？（大概数就行，元）',
      hint: AMOUNT_HINT,
      target: 'details.disasterLoss',
      when: hardship('disaster'),
      min: 0,
      max: 10_000_000,
    },
    {
      id: 'accidentWhen',
      kind: 'choice',
      label: '意外时间',
      text: '意外是什么时候出的？',
      hint: '请回复1、2或3',
      target: 'details.accidentWhen',
      options: WHEN_OPTIONS,
      when: hardship('accident'),
    },
    {
      id: 'accidentCost',
      kind: 'amount',
      label: '意外花费',
      text: '花了或损失多少钱？（大概数就行，元）',
      hint: AMOUNT_HINT,
      target: 'details.accidentCost',
      when: hardship('accident'),
      min: 0,
      max: 10_000_000,
    },
    {
      id: 'industryLoss',
      kind: 'amount',
      label: '亏损',
      text: '大概亏了多少钱？（大概数就行，元）',
      hint: AMOUNT_HINT,
      target: 'details.industryLoss',
      when: hardship('industry'),
      min: 0,
      max: 10_000_000,
    },
    {
      id: 'jobless',
      kind: 'integer',
      label: '没活干人数',
      text: '家里几个人没活干了？',
      hint: '请回复0到30之间的数字',
      target: 'details.jobless',
      when: hardship('employment'),
      min: 0,
      max: 30,
    },
    {
      id: 'joblessSince',
      kind: 'choice',
      label: '没活干多久',
      text: '多久了？',
      hint: '请回复1、2或3',
      target: 'details.joblessSince',
      options: [
        { value: '1', label: '一个月内' },
        { value: '2', label: '一到六个月' },
        { value: '3', label: '半年以上' },
      ],
      when: hardship('employment'),
    },
    {
      id: 'laborCount',
      kind: 'integer',
      label: '能干活的人',
      text: '家里能干活的（身体好、16到60岁）有几个人？',
      hint: '请回复0到30之间的数字',
      target: 'details.laborCount',
      when: hardship('labor'),
      min: 0,
      max: 30,
    },
    {
      id: 'otherText',
      kind: 'text',
      label: '其他困难',
      text: '请用一句话说说是什么困难',
      hint: '请用一句话写一下，2到200个字',
      target: 'details.otherText',
      when: hardship('other'),
      min: 2,
      max: 200,
    },
    {
      id: 'income',
      kind: 'choice',
      label: '去年收入',
      text: '去年一年全家大概收入多少？打工、种地养殖、补贴都算。',
      hint: '请回复1到5',
      target: 'details.incomeBracket',
      options: INCOME_BRACKETS,
    },
  ],
};

/** Answers as the channels keep them: question id → the stored value (string, or list for `multi`). */
export type Answers = Record<string, string | string[] | number | undefined>;

export function conditionHolds(condition: Condition | undefined, answers: Answers): boolean {
  if (!condition) return true;
  const answer = answers[condition.question];
  if ('equals' in condition) return String(answer ?? '') === condition.equals;
  return Array.isArray(answer) && answer.includes(condition.includes);
}

/** The questions that apply to these answers, in order. */
export function applicableQuestions(def: QuestionnaireDefinition, answers: Answers): Question[] {
  return def.questions.filter((q) => conditionHolds(q.when, answers));
}

/** The first applicable question without an answer, or null when every question is answered. */
export function nextQuestion(def: QuestionnaireDefinition, answers: Answers): Question | null {
  return applicableQuestions(def, answers).find((q) => answers[q.id] === undefined) ?? null;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

/**
 * Builds the canonical declaration payload from a finished set of answers. Choice answers
 * that stand for numbers (1 有 / 2 没有…) are stored as numbers, matching the API schema.
 */
export function answersToPayload(def: QuestionnaireDefinition, answers: Answers): Record<string, unknown> {
  const payload: Record<string, unknown> = { details: {}, proxy: null };
  for (const question of applicableQuestions(def, answers)) {
    const answer = answers[question.id];
    if (answer === undefined) continue;
    const targets = question.target === undefined ? [] : ([] as string[]).concat(question.target);
    if (question.kind === 'nameRelation') {
      const [name, relation] = String(answer).split('|');
      setPath(payload, targets[0], name);
      setPath(payload, targets[1], relation);
      continue;
    }
    const option = question.options?.find((o) => o.value === answer);
    for (const [path, value] of Object.entries(option?.set ?? {})) setPath(payload, path, value);
    const stored = question.kind === 'choice' && /^\d+$/.test(String(answer)) ? Number(answer) : answer;
    for (const path of targets) setPath(payload, path, stored);
  }
  return payload;
}
