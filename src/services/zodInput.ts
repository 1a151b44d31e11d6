import { z } from 'zod';
import { DomainError } from '../domain/errors';

// Zod's own messages (for shapes no schema gave a message) in Chinese too.
z.config(z.locales.zhCN());

const FIELD_LABELS: Record<string, string> = {
  applicant: '申报人信息',
  details: '困难详情',
  hardships: '困难',
  householdSize: '家庭人口数',
  annualIncome: '家庭年收入',
  consent: '授权同意',
  proxy: '代申报人',
  action: '操作',
  username: '用户名',
  password: '密码',
  code: '登录凭证',
};

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `不认识的字段：${issue.keys.join('、')}`;
  // Schema-written messages name their field already; generic ones get the field's name in front.
  if (!/^(无效|出现未知|数值过|字符串过|数组过)/.test(issue.message)) return issue.message;
  const top = String(issue.path[0] ?? '');
  const label = FIELD_LABELS[top] ?? (issue.path.join('.') || '请求内容');
  return `${label}：${issue.message}`;
}

/** Parses input crossing a boundary; the first problem becomes a 400 naming the field in Chinese. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.join('.');
  throw new DomainError('validation_failed', describe(issue), 400, field ? { field } : undefined);
}
