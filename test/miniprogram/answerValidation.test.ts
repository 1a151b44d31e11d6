import type { Question } from '../../miniprogram/shared/questionnaireWalker';
import { validateAnswer } from '../../miniprogram/utils/validateAnswer';
import { VALID_ID, VALID_ID_WITH_X } from './support/fixtures';

// The ID, phone and amount rules themselves are src/shared's (test/shared); these cases check how
// the declare screen uses them: the value kept and the hint shown.

const question = (kind: Question['kind'], extra: Partial<Question> = {}): Question => ({ id: kind, kind, chat: { text: '', hint: '' }, tap: { text: '', hint: '' }, label: '', ...extra });
const tap = (hint: string) => ({ tap: { text: '', hint } });

test('phone numbers: 11 digits starting 13–19, spaces, dashes and +86 tolerated', () => {
  expect(validateAnswer(question('phone'), '139 1234-5678')).toEqual({ ok: true, value: '13912345678' });
  expect(validateAnswer(question('phone'), '+86 139１２３４５６７８')).toEqual({ ok: true, value: '13912345678' });
  expect(validateAnswer(question('phone'), '12912345678')).toEqual({ ok: false, hint: '手机号应以13到19开头，请再看一下' });
  expect(validateAnswer(question('phone'), '139123456789')).toEqual({ ok: false, hint: '手机号应为11位，您填了12位' });
  expect(validateAnswer(question('phone'), '139abc')).toEqual({ ok: false, hint: '手机号只填数字，11位，例如：13912345678' });
});

test('ID numbers are kept normalised; a wrong one gets the sentence saying what is wrong', () => {
  expect(validateAnswer(question('idNumber'), ` ${VALID_ID_WITH_X.toLowerCase()} `)).toEqual({ ok: true, value: VALID_ID_WITH_X });
  expect(validateAnswer(question('idNumber'), '１５２２２３１９６８０３１５００１９')).toEqual({ ok: true, value: VALID_ID });
  expect(validateAnswer(question('idNumber'), '1522231968')).toEqual({ ok: false, hint: '身份证号应为18位，您填了10位' });
  expect(validateAnswer(question('idNumber'), VALID_ID.slice(0, 17) + '1')).toEqual({ ok: false, hint: '身份证号有一位不对，请对照身份证一位一位再看一下' });
});

test('counts and amounts become numbers within the question limits', () => {
  expect(validateAnswer(question('integer', { min: 1, max: 30 }), '4')).toEqual({ ok: true, value: 4 });
  expect(validateAnswer(question('integer', { min: 1, max: 30 }), '四口人')).toEqual({ ok: true, value: 4 });
  expect(validateAnswer(question('integer', { min: 1, max: 30 }), '0')).toEqual({ ok: false, hint: '请填1到30之间的数字' });
  expect(validateAnswer(question('integer', { min: 1, max: 30 }), '好几个')).toEqual({ ok: false, hint: '请填1到30之间的数字' });
  expect(validateAnswer(question('amount', { max: 10_000_000 }), '1万2')).toEqual({ ok: true, value: 12000 });
  expect(validateAnswer(question('amount', { max: 10_000_000 }), '20000000')).toEqual({ ok: false, hint: '这个数太大了，请再看一下（单位是元）' });
  expect(validateAnswer(question('amount', { max: 10_000 }), '1万2')).toEqual({ ok: false, hint: '这个数太大了，请再看一下（单位是元）' });
  expect(validateAnswer(question('amount'), '20000000')).toEqual({ ok: false, hint: '这个数太大了，请再看一下（单位是元）' });
  expect(validateAnswer(question('amount'), '-500')).toEqual({ ok: false, hint: '钱数不能是负数' });
  expect(validateAnswer(question('amount'), '没有')).toEqual({ ok: true, value: 0 });
  expect(validateAnswer(question('amount'), '好多钱')).toEqual({ ok: false, hint: '请填一个数字，大概数就行，例如：12000 或 1万2' });
});

test('text uses the served tap hint; name and relation are both required', () => {
  const name = question('text', { min: 2, max: 20, ...tap('请写户主的名字，2到20个字') });
  expect(validateAnswer(name, ' 巴 ')).toEqual({ ok: false, hint: '请写户主的名字，2到20个字' });
  expect(validateAnswer(question('nameRelation'), '李明|')).toEqual({ ok: false, hint: '请写您是户主的什么人，例如：儿子' });
  expect(validateAnswer(question('nameRelation'), ' 李明 | 儿子 ')).toEqual({ ok: true, value: '李明|儿子' });
});

test('multi-choice needs at least one known option', () => {
  const hardships = question('multi', { options: [{ value: 'illness', label: '' }, { value: 'water', label: '' }] });
  expect(validateAnswer(hardships, [])).toEqual({ ok: false, hint: '请至少选一项，可以选几项' });
  expect(validateAnswer(hardships, ['water', 'flying'])).toEqual({ ok: false, hint: '请至少选一项，可以选几项' });
  expect(validateAnswer(hardships, ['water'])).toEqual({ ok: true, value: ['water'] });
});

test('names and free text refuse control, bidi and zero-width characters, as the server does', () => {
  const name = question('text', { min: 2, max: 20, ...tap('请写户主的名字，2到20个字'), target: 'applicant.name' });
  const other = question('text', { min: 2, max: 200, label: '其他困难', target: 'details.otherText' });
  expect(validateAnswer(name, '\u0007\b\u001b[31m')).toEqual({ ok: false, hint: '户主姓名不能含有控制字符或不可见字符' });
  expect(validateAnswer(name, '巴特\u202e尔')).toEqual({ ok: false, hint: '户主姓名不能含有控制字符或不可见字符' });
  expect(validateAnswer(name, '巴特\u200b尔')).toEqual({ ok: false, hint: '户主姓名不能含有控制字符或不可见字符' });
  expect(validateAnswer(name, '巴特\t尔')).toEqual({ ok: false, hint: '户主姓名不能含有控制字符或不可见字符' });
  expect(validateAnswer(other, '房子漏雨\n墙也裂了')).toEqual({ ok: true, value: '房子漏雨\n墙也裂了' });
  expect(validateAnswer(other, '房子漏雨\u2066墙也裂了')).toEqual({ ok: false, hint: '其他困难不能含有控制字符或不可见字符' });
  expect(validateAnswer(question('nameRelation'), '李\u200d明|儿子')).toEqual({ ok: false, hint: '名字不能含有控制字符或不可见字符' });
  expect(validateAnswer(question('nameRelation'), '李明|儿\u0085子')).toEqual({ ok: false, hint: '关系不能含有控制字符或不可见字符' });
});
