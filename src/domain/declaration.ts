import { z } from 'zod';
import { isRealDate } from './calendar';
import { isValidIdNumber, normalizeIdNumber, PHONE_PATTERN } from './idNumber';
import { HIDDEN_CHARACTER_WORDS, hasHiddenCharacter, type TextKind } from '../shared/textRules';
import { RISK_TYPES } from './riskTypes';
import { PERSON_NAME_MAX } from './workflow/fields';

/**
 * The canonical declaration payload every channel sends. Messages are Chinese and name the
 * field, because the mini-program shows them to the resident as they are.
 */
const phone = (field: string) =>
  z
    .string({ error: `请填写${field}` })
    .trim()
    .regex(PHONE_PATTERN, { error: `${field}应为11位手机号` });

/** The shared refusal of control, bidi and zero-width characters (src/shared/textRules.ts). */
const visible = (field: string, kind: TextKind) => [(v: string) => !hasHiddenCharacter(v, kind), { error: `${field}${HIDDEN_CHARACTER_WORDS}` }] as const;

const money = (field: string) =>
  z
    .number({ error: `${field}应为数字（元）` })
    .min(0, { error: `${field}不能是负数` })
    .max(10_000_000, { error: `${field}太大了，请核对` });

const count = (field: string, max: number) =>
  z
    .number({ error: `${field}应为整数` })
    .int({ error: `${field}应为整数` })
    .min(0, { error: `${field}不能是负数` })
    .max(max, { error: `${field}不能超过${max}` });

const oneOf = (field: string, ...values: number[]) =>
  z.number({ error: `${field}应为选项序号` }).refine((v) => values.includes(v), { error: `${field}只能是${values.join('、')}` });

const isoDate = (field: string) =>
  z
    .string({ error: `${field}应为日期` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${field}应为日期，例如2026-11-01` })
    .refine((value) => isRealDate(value), { error: `${field}不是有效日期` });

export const applicantSchema = z.object({
  name: z
    .string({ error: '请填写户主姓名' })
    .trim()
    .min(2, { error: `户主姓名应为2到${PERSON_NAME_MAX}个字` })
    .max(PERSON_NAME_MAX, { error: `户主姓名应为2到${PERSON_NAME_MAX}个字` })
    .refine(...visible('户主姓名', 'name')),
  phone: phone('联系电话'),
  idNumber: z
    .string({ error: '请填写户主身份证号' })
    .transform(normalizeIdNumber)
    .refine(isValidIdNumber, { error: '身份证号不正确，请核对（18位，最后一位可能是X）' }),
  villageCode: z.string({ error: '请选择所在村' }).regex(/^\d{12}$/, { error: '村代码应为12位数字' }),
});

export const detailsSchema = z
  .object({
    medicalOutOfPocket: money('看病自付费用'),
    dropout: oneOf('孩子辍学', 1, 2),
    students: count('上学孩子数', 15),
    housingDanger: oneOf('住房情况', 1, 2),
    waterProblem: oneOf('吃水情况', 1, 2, 3),
    disabilityCertificate: oneOf('残疾证', 1, 2),
    disasterWhen: oneOf('遭灾时间', 1, 2, 3),
    disasterDate: isoDate('遭灾日期'),
    disasterLoss: money('灾害损失'),
    accidentWhen: oneOf('意外时间', 1, 2, 3),
    accidentDate: isoDate('意外日期'),
    accidentCost: money('意外花费'),
    industryLoss: money('亏损金额'),
    jobless: count('没活干人数', 30),
    joblessSince: oneOf('没活干时长', 1, 2, 3),
    laborCount: count('劳动力人数', 30),
    otherText: z
      .string({ error: '其他困难应为文字' })
      .trim()
      .min(2, { error: '请用一句话说说其他困难' })
      .max(200, { error: '其他困难最多200字' })
      .refine(...visible('其他困难', 'text')),
    incomeBracket: oneOf('收入档次', 1, 2, 3, 4, 5),
  })
  .partial()
  .strict();

export const proxySchema = z.object({
  name: z
    .string({ error: '请填写代申报人姓名' })
    .trim()
    .min(2, { error: `代申报人姓名应为2到${PERSON_NAME_MAX}个字` })
    .max(PERSON_NAME_MAX, { error: `代申报人姓名应为2到${PERSON_NAME_MAX}个字` })
    .refine(...visible('代申报人姓名', 'name')),
  relation: z.string({ error: '请填写与户主的关系' }).trim().min(1, { error: '请填写与户主的关系' }).max(10, { error: '关系最多10个字' }).refine(...visible('与户主的关系', 'name')),
  phone: phone('代申报人电话'),
});

export const declarationSchema = z
  .object({
    applicant: applicantSchema,
    householdSize: count('家庭人口数', 30).min(1, { error: '家庭人口数至少为1' }),
    hardships: z
      .array(z.enum(RISK_TYPES, { error: '困难类型不正确' }), { error: '请选择遇到的困难' })
      .min(1, { error: '请至少选择一项困难' })
      .max(RISK_TYPES.length)
      .transform((list) => [...new Set(list)]),
    details: detailsSchema.default({}),
    annualIncome: money('家庭年收入'),
    consent: z.literal(true, { error: '需要同意授权核查后才能申报' }),
    proxy: proxySchema.nullable().default(null),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.hardships.includes('other') && !value.details.otherText) {
      ctx.addIssue({ code: 'custom', path: ['details', 'otherText'], message: '选了"其他困难"，请说说是什么困难' });
    }
  });

export type Declaration = z.output<typeof declarationSchema>;
export type DeclarationInput = z.input<typeof declarationSchema>;
export type DeclarationDetails = z.output<typeof detailsSchema>;
