import type { RiskType } from './riskTypes';
import type { Condition, QuestionnaireDefinition, QuestionOption } from './questionnaire';

/**
 * The questionnaire's content: wording, options, branches and mappings, as data a county can
 * tune without touching the code that walks it (questionnaire.ts).
 *
 * Each question has two wordings. `chat` is typed: digits to reply, examples with spaces, and
 * every message within one phone screen in 关怀模式. `tap` is for buttons, tick boxes and
 * separate boxes (the mini-program): no digits to type, no separators. Options carry the
 * everyday words people reply with instead of a digit (`synonyms`).
 */
const RECENT = ['这个月', '上个月', '本月', '前几天', '这几天', '昨天', '前天', '今天', '刚才', '刚刚', '上周', '上星期', '上礼拜', '这周', '半个月前', '1个月前', '1个月以内', '不到1个月', '最近'];
const MONTHS = ['2个月前', '3个月前', '4个月前', '5个月前', '6个月前', '两三个月', '几个月前', '几个月了', '前几个月', '半年内', '半年以内', '不到半年', '1到6个月'];
const LONG_AGO = ['半年前', '半年多', '去年', '前年', '1年前', '1年多', '好几年', '很久', '很久了', '早就', '大半年', '7个月前', '8个月前', '9个月前', '10个月前'];

const WHEN_OPTIONS: QuestionOption[] = [
  { value: '1', label: '一个月内', synonyms: RECENT },
  { value: '2', label: '一到六个月', synonyms: MONTHS },
  { value: '3', label: '半年以前', synonyms: [...LONG_AGO, '半年以上'] },
];

const YES_NO: QuestionOption[] = [
  { value: '1', label: '有', synonyms: ['有的', '有啊', '是', '是的', '对', '对的', '嗯', '有1个', '有个'] },
  { value: '2', label: '没有', synonyms: ['没', '无', '没得', '没有的', '不是', '否', '都没有', '没有啊'] },
];

const AMOUNT_HINT = '请回复一个数字，大概数就行，例如：12000 或 1万2';
const AMOUNT_TAP_HINT = '请填一个数字，大概数就行，单位是元';
const TAP_PICK = '请点一项';

export const HARDSHIP_OPTIONS: QuestionOption[] = [
  {
    value: 'illness', label: '家里有人得了大病、慢性病，看病花钱多', riskType: 'illness', chat: '有人生病，看病花钱多', short: '看病花钱多',
    synonyms: ['看病', '生病', '有病', '得病', '大病', '慢性病', '住院', '吃药', '病了', '看病贵', '医药费', '治病', '手术', '癌症', '病人', '看病难'],
  },
  {
    value: 'schooling', label: '孩子上学开销大，或有孩子不上学了', riskType: 'schooling', chat: '孩子上学花钱多、辍学', short: '孩子上学难',
    synonyms: ['上学', '读书', '念书', '学费', '孩子上学', '辍学', '不上学', '上大学', '上学难'],
  },
  {
    value: 'housing', label: '房子不安全：漏雨、墙裂、可能倒塌', riskType: 'housing', chat: '房子漏雨、墙裂、要倒', short: '房子不安全',
    synonyms: ['房子', '漏雨', '墙裂', '危房', '房子漏', '房子塌', '房子坏了', '房子裂了', '住房', '房屋', '房子漏雨'],
  },
  {
    value: 'water', label: '吃水难：没水吃、水不干净、取水太远', riskType: 'water', chat: '吃水难、水不干净', short: '吃水难',
    synonyms: ['吃水', '没水', '没水吃', '水不干净', '喝水', '饮水', '水', '缺水', '取水', '喝水难'],
  },
  {
    value: 'disability', label: '家里有人残疾', riskType: 'disability', short: '家里有人残疾',
    synonyms: ['残疾', '残废', '残疾人', '瘫痪', '残疾证', '失明', '聋哑', '智力残疾'],
  },
  {
    value: 'disaster', label: '遭了灾：旱、涝、冰雹、雪灾、病虫害、牲畜疫病', riskType: 'disaster', chat: '遭了灾：旱涝冰雹病虫害', short: '遭了灾',
    synonyms: ['遭灾', '受灾', '灾', '天灾', '旱灾', '干旱', '洪水', '水灾', '涝', '冰雹', '雹子', '雪灾', '虫灾', '病虫害', '地震', '牲畜疫病', '牛羊病死', '大风'],
  },
  {
    value: 'accident', label: '出了意外：车祸、火灾、工伤等', riskType: 'accident', chat: '出了意外：车祸火灾工伤', short: '出了意外',
    synonyms: ['意外', '车祸', '火灾', '着火', '工伤', '摔伤', '受伤', '出事', '事故'],
  },
  {
    value: 'industry', label: '种地养殖或做生意亏本了', riskType: 'industry', chat: '种地养殖、生意亏本', short: '种养生意亏本',
    synonyms: ['亏本', '亏了', '赔钱', '赔了', '做生意', '生意', '养殖', '种地亏', '收成不好', '绝收', '减产'],
  },
  {
    value: 'employment', label: '打工没活干、失业、工资拿不到', riskType: 'employment', chat: '打工没活干、拿不到钱', short: '没活干',
    synonyms: ['没活干', '没活', '失业', '没工作', '找不到活', '工资', '拖欠', '欠薪', '打工', '下岗', '工钱'],
  },
  {
    value: 'labor', label: '家里缺劳动力：老人病人多，没人能干活', riskType: 'labor', chat: '缺劳动力，没人能干活', short: '缺劳动力',
    synonyms: ['缺劳力', '缺劳动力', '没人干活', '没劳力', '干不了活', '没人种地'],
  },
  { value: 'other', label: '其他困难', riskType: 'other', synonyms: ['其他', '其它', '别的困难'] },
];

/** Bracket → midpoint used as the annual income estimate (5万以上 counts as 60000). */
export const INCOME_BRACKETS: QuestionOption[] = [
  { value: '1', label: '不到1万', set: { annualIncome: 5000 }, amountBelow: 10_000, synonyms: ['1万以下', '没有1万', '不到1万块', '几千', '几千块', '没收入', '没什么收入', '很少'] },
  { value: '2', label: '1万到2万', set: { annualIncome: 15000 }, amountBelow: 20_000, synonyms: ['1万多', '1万出头', '1万左右'] },
  { value: '3', label: '2万到3万', set: { annualIncome: 25000 }, amountBelow: 30_000, synonyms: ['2万多', '2万左右', '2万出头'] },
  { value: '4', label: '3万到5万', set: { annualIncome: 40000 }, amountBelow: 50_000, synonyms: ['3万多', '4万多', '3万左右', '4万左右'] },
  { value: '5', label: '5万以上', set: { annualIncome: 60000 }, synonyms: ['5万多', '好几万', '5万左右'] },
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
      chat: {
        text: '这次给谁家申报？\n（您说的情况只用于核实和帮扶；回复1或2就是同意村里核实家庭收入和财产）',
        hint: '请回复1、2或3。',
      },
      tap: {
        text: '这次给谁家申报？',
        note: '您说的情况只用于核实和帮扶。选“给自己家申报”或“帮家人申报”，就是同意村里核实家庭收入和财产。',
        hint: TAP_PICK,
      },
      options: [
        { value: '1', label: '给自己家申报', set: { consent: true, proxy: null }, synonyms: ['自己', '自己家', '我自己', '给自己', '本人', '给我家', '我家'] },
        { value: '2', label: '帮家人申报', set: { consent: true }, synonyms: ['家人', '帮家人', '帮家里人', '替家人', '代报', '帮老人', '帮父母', '帮我爸', '帮我妈'] },
        { value: '3', label: '不报了', ends: true, synonyms: ['不报', '算了', '不用了', '不申报'] },
      ],
    },
    {
      id: 'proxy',
      kind: 'nameRelation',
      label: '代申报人',
      chat: { text: '请说一下您的名字，和您是户主的什么人，例如：李明 儿子', hint: '请写名字和关系，例如：李明 儿子' },
      tap: { text: '您的名字，和您是户主的什么人？', hint: '请填您的名字，和您是户主的什么人' },
      target: ['proxy.name', 'proxy.relation'],
      when: { question: 'start', equals: '2' },
    },
    {
      id: 'proxyPhone',
      kind: 'phone',
      label: '代申报人电话',
      chat: { text: '您的手机号是？', hint: '请回复11位手机号，例如：13912345678' },
      tap: { text: '您的手机号是？', hint: '请填11位手机号' },
      target: ['proxy.phone', 'applicant.phone'],
      when: { question: 'start', equals: '2' },
    },
    {
      id: 'village',
      kind: 'village',
      label: '村',
      chat: { text: '您家是哪个村（嘎查）？直接写村名，例如：联发', hint: '请写村名里的一两个字，例如：联发。' },
      tap: { text: '您家是哪个村（嘎查）？', hint: '请选您家的村' },
      target: 'applicant.villageCode',
    },
    {
      id: 'name',
      kind: 'text',
      label: '户主',
      chat: { text: '户主姓名是？（身份证上的名字）', hint: '请写户主的名字，2到20个字' },
      tap: { text: '户主姓名是？（身份证上的名字）', hint: '请填户主的名字，2到20个字' },
      target: 'applicant.name',
      min: 2,
      max: 20,
    },
    {
      id: 'idNumber',
      kind: 'idNumber',
      label: '身份证号',
      chat: { text: '户主身份证号是？（18位）', hint: '身份证号不对，请再看一下，18位，最后一位可能是X' },
      tap: { text: '户主身份证号是？（18位）', hint: '请填18位身份证号，最后一位可能是X' },
      target: 'applicant.idNumber',
    },
    {
      id: 'phone',
      kind: 'phone',
      label: '电话',
      chat: { text: '方便联系的手机号是？', hint: '请回复11位手机号，例如：13912345678' },
      tap: { text: '方便联系的手机号是？', hint: '请填11位手机号' },
      target: 'applicant.phone',
      when: { question: 'start', equals: '1' },
    },
    {
      id: 'household',
      kind: 'integer',
      label: '家庭人口',
      chat: { text: '家里一共几口人？', hint: '请回复1到30之间的数字' },
      tap: { text: '家里一共几口人？', hint: '请填1到30之间的数字' },
      target: 'householdSize',
      min: 1,
      max: 30,
    },
    {
      id: 'hardships',
      kind: 'multi',
      label: '困难',
      chat: {
        text: '家里最近遇到了什么困难？可以选几个，例如：1 3',
        hint: '请回复上面的序号，几个就用空格隔开，例如：1 3',
        split: {
          first: ['illness', 'schooling', 'housing', 'water', 'disability', 'disaster'],
          more: '更多：意外、亏本、没活干等',
          restText: '还有什么困难？可以选几个：',
        },
      },
      tap: { text: '家里最近遇到了什么困难？可以选几项', hint: '请至少选一项，可以选几项' },
      target: 'hardships',
      options: HARDSHIP_OPTIONS,
    },
    {
      id: 'medicalOutOfPocket',
      kind: 'amount',
      label: '看病自付',
      chat: { text: '最近一年看病自己掏了多少钱？（报销后自己出的，大概数就行，元）', hint: AMOUNT_HINT },
      tap: { text: '最近一年看病自己掏了多少钱？（报销后自己出的）', hint: AMOUNT_TAP_HINT },
      target: 'details.medicalOutOfPocket',
      when: hardship('illness'),
      min: 0,
      max: 10_000_000,
    },
    {
      id: 'dropout',
      kind: 'choice',
      label: '孩子辍学',
      chat: { text: '有没有上小学、初中的孩子不去上学了？', hint: '请回复1有，或2没有。' },
      tap: { text: '有没有上小学、初中的孩子不去上学了？', hint: TAP_PICK },
      target: 'details.dropout',
      options: YES_NO,
      when: hardship('schooling'),
    },
    {
      id: 'students',
      kind: 'integer',
      label: '上学孩子',
      chat: { text: '上学的孩子有几个？', hint: '请回复0到15之间的数字' },
      tap: { text: '上学的孩子有几个？', hint: '请填0到15之间的数字' },
      target: 'details.students',
      when: hardship('schooling'),
      min: 0,
      max: 15,
    },
    {
      id: 'housingDanger',
      kind: 'choice',
      label: '住房',
      chat: { text: '房子现在怎么样？', hint: '请回复1或2。' },
      tap: { text: '房子现在怎么样？', hint: TAP_PICK },
      target: 'details.housingDanger',
      options: [
        { value: '1', label: '可能倒塌，住着不安全', synonyms: ['要塌了', '快塌了', '危房', '倒塌', '要倒了', '不安全', '不能住', '住不了', '塌了'] },
        { value: '2', label: '漏雨裂缝，还能住', synonyms: ['漏雨', '漏水', '裂缝', '裂了', '墙裂', '还能住', '能住'] },
      ],
      when: hardship('housing'),
    },
    {
      id: 'waterProblem',
      kind: 'choice',
      label: '吃水',
      chat: { text: '吃水是什么情况？', hint: '请回复1、2或3。' },
      tap: { text: '吃水是什么情况？', hint: TAP_PICK },
      target: 'details.waterProblem',
      options: [
        { value: '1', label: '现在没水吃', synonyms: ['没水', '没水吃', '断水', '停水', '井干了', '缺水'] },
        { value: '2', label: '水不干净', synonyms: ['水脏', '不干净', '水浑', '水质不好', '水有味'] },
        { value: '3', label: '取水太远', synonyms: ['太远', '远', '挑水', '拉水', '取水远'] },
      ],
      when: hardship('water'),
    },
    {
      id: 'disabilityCertificate',
      kind: 'choice',
      label: '残疾证',
      chat: { text: '有残疾证吗？', hint: '请回复1有，或2没有。' },
      tap: { text: '有残疾证吗？', hint: TAP_PICK },
      target: 'details.disabilityCertificate',
      options: YES_NO,
      when: hardship('disability'),
    },
    {
      id: 'disasterWhen',
      kind: 'choice',
      label: '遭灾时间',
      chat: { text: '什么时候遭的灾？', hint: '请回复1、2或3。' },
      tap: { text: '什么时候遭的灾？', hint: TAP_PICK },
      target: 'details.disasterWhen',
      options: WHEN_OPTIONS,
      when: hardship('disaster'),
    },
    {
      id: 'disasterLoss',
      kind: 'amount',
      label: '灾害损失',
      chat: { text: '大概损失多少钱？（大概数就行，元）', hint: AMOUNT_HINT },
      tap: { text: '大概损失多少钱？', hint: AMOUNT_TAP_HINT },
      target: 'details.disasterLoss',
      when: hardship('disaster'),
      min: 0,
      max: 10_000_000,
    },
    {
      id: 'accidentWhen',
      kind: 'choice',
      label: '意外时间',
      chat: { text: '意外是什么时候出的？', hint: '请回复1、2或3。' },
      tap: { text: '意外是什么时候出的？', hint: TAP_PICK },
      target: 'details.accidentWhen',
      options: WHEN_OPTIONS,
      when: hardship('accident'),
    },
    {
      id: 'accidentCost',
      kind: 'amount',
      label: '意外花费',
      chat: { text: '花了或损失多少钱？（大概数就行，元）', hint: AMOUNT_HINT },
      tap: { text: '花了或损失多少钱？', hint: AMOUNT_TAP_HINT },
      target: 'details.accidentCost',
      when: hardship('accident'),
      min: 0,
      max: 10_000_000,
    },
    {
      id: 'industryLoss',
      kind: 'amount',
      label: '亏损',
      chat: { text: '大概亏了多少钱？（大概数就行，元）', hint: AMOUNT_HINT },
      tap: { text: '大概亏了多少钱？', hint: AMOUNT_TAP_HINT },
      target: 'details.industryLoss',
      when: hardship('industry'),
      min: 0,
      max: 10_000_000,
    },
    {
      id: 'jobless',
      kind: 'integer',
      label: '没活干人数',
      chat: { text: '家里几个人没活干了？', hint: '请回复0到30之间的数字' },
      tap: { text: '家里几个人没活干了？', hint: '请填0到30之间的数字' },
      target: 'details.jobless',
      when: hardship('employment'),
      min: 0,
      max: 30,
    },
    {
      id: 'joblessSince',
      kind: 'choice',
      label: '没活干多久',
      chat: { text: '没活干多久了？', hint: '请回复1、2或3。' },
      tap: { text: '没活干多久了？', hint: TAP_PICK },
      target: 'details.joblessSince',
      options: [
        { value: '1', label: '一个月内', synonyms: RECENT },
        { value: '2', label: '一到六个月', synonyms: MONTHS },
        { value: '3', label: '半年以上', synonyms: [...LONG_AGO, '半年以前'] },
      ],
      when: hardship('employment'),
    },
    {
      id: 'laborCount',
      kind: 'integer',
      label: '能干活的人',
      chat: { text: '家里能干活的（身体好、16到60岁）有几个人？', hint: '请回复0到30之间的数字' },
      tap: { text: '家里能干活的（身体好、16到60岁）有几个人？', hint: '请填0到30之间的数字' },
      target: 'details.laborCount',
      when: hardship('labor'),
      min: 0,
      max: 30,
    },
    {
      id: 'otherText',
      kind: 'text',
      label: '其他困难',
      chat: { text: '请用一句话说说是什么困难', hint: '请用一句话写一下，2到200个字' },
      tap: { text: '是什么困难？请写一句话', hint: '请写一句话，2到200个字' },
      target: 'details.otherText',
      when: hardship('other'),
      min: 2,
      max: 200,
    },
    {
      id: 'income',
      kind: 'choice',
      label: '去年收入',
      chat: { text: '去年一年全家大概收入多少？打工、种地养殖、补贴都算。', hint: '请回复1到5，或写大概多少钱，例如：8000。' },
      tap: { text: '去年一年全家大概收入多少？打工、种地养殖、补贴都算', hint: TAP_PICK },
      target: 'details.incomeBracket',
      options: INCOME_BRACKETS,
    },
  ],
};
