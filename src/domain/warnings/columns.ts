/**
 * The columns of a department's warning list (部门筛查预警名单). Departments export from their own
 * systems, each with its own header words, so a column is known by any of its usual names;
 * the first name of each list is the one messages use.
 */
export const WARNING_COLUMNS = {
  name: { required: true, names: ['姓名', '户主姓名', '户主', '人员姓名', '监测对象姓名', '名字'] },
  idNumber: { required: true, names: ['身份证号', '身份证号码', '户主身份证号', '户主身份证号码', '公民身份号码', '身份证', '证件号码', '证件号'] },
  village: {
    required: true,
    names: ['村', '村名', '所在村', '村名称', '行政村', '嘎查村', '村社区', '村代码', '所在村组', '地址', '住址', '家庭住址', '家庭地址', '现住址'],
  },
  reason: { required: true, names: ['原因', '预警原因', '风险类型', '预警类型', '风险原因', '返贫风险', '主要风险', '预警内容', '人员类别'] },
  department: { required: false, names: ['来源部门', '来源', '推送部门', '预警部门', '部门', '来源单位', '推送单位'] },
  phone: { required: false, names: ['联系电话', '电话', '手机', '手机号', '手机号码'] },
} as const;

export type WarningField = keyof typeof WARNING_COLUMNS;
export const WARNING_FIELDS = Object.keys(WARNING_COLUMNS) as WarningField[];

/** Where each field is in the sheet (0-based) and the header text found there. */
export type ColumnMap = Partial<Record<WarningField, { index: number; header: string }>>;

/**
 * A header cell as people write it → comparable: full-width folded, spaces, required-markers and
 * bracketed remarks dropped, so "身份证号码（18位）*" and "村(社区)" read as 身份证号码 and 村.
 */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】/g, '')
    .replace(/[\s*＊:：]/g, '');
}

/** Each field's column in one header row: the first column whose header is one of its names. */
export function mapColumns(headers: readonly string[]): ColumnMap {
  const normalized = headers.map(normalizeHeader);
  const map: ColumnMap = {};
  for (const field of WARNING_FIELDS) {
    const names: readonly string[] = WARNING_COLUMNS[field].names;
    const index = normalized.findIndex((h) => h !== '' && names.includes(h));
    if (index >= 0) map[field] = { index, header: headers[index].trim() };
  }
  return map;
}

export const missingColumns = (map: ColumnMap): WarningField[] => WARNING_FIELDS.filter((f) => WARNING_COLUMNS[f].required && !map[f]);

/** "文件缺少“身份证号”列（列名可以是：身份证号、身份证号码…）": one sentence naming every missing column. */
export function missingColumnsMessage(missing: readonly WarningField[]): string {
  const parts = missing.map((f) => `“${WARNING_COLUMNS[f].names[0]}”列（列名可以是：${WARNING_COLUMNS[f].names.join('、')}）`);
  return `文件缺少${parts.join('；')}。请在第一行写上列名后重新上传`;
}

/** How many leading rows may be titles above the header row ("2026年医保自费支出1万元以上人员名单"). */
export const HEADER_SEARCH_ROWS = 10;

/**
 * The header row: the first of the leading rows that names at least two required columns (a
 * title row names none). Null when none does, and the first row is judged for the message.
 */
export function findHeaderRow(rows: readonly (readonly string[])[]): { at: number; map: ColumnMap } | null {
  for (let at = 0; at < Math.min(rows.length, HEADER_SEARCH_ROWS); at++) {
    const map = mapColumns(rows[at]);
    const required = WARNING_FIELDS.filter((f) => WARNING_COLUMNS[f].required && map[f]);
    if (required.length >= 2) return { at, map };
  }
  return null;
}
