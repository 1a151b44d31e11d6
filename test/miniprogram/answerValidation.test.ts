import { isValidIdNumber as serverIsValid, normalizeIdNumber as serverNormalize } from '../../src/domain/idNumber';
import { parseAmount } from '../../miniprogram/utils/amount';
import { idCheckChar, idNumberProblem, isValidIdNumber, normalizeIdNumber } from '../../miniprogram/utils/idNumber';
import type { Question } from '../../miniprogram/utils/questionnaire';
import { validateAnswer } from '../../miniprogram/utils/validateAnswer';
import { VALID_ID, VALID_ID_WITH_X } from './support/fixtures';

describe('ID numbers (GB 11643)', () => {
  test('agree with the server on every possible check character', () => {
    for (const base of [VALID_ID, VALID_ID_WITH_X, '11010519491231002X', '152223198002290010']) {
      for (const last of '0123456789X') {
        const id = base.slice(0, 17) + last;
        expect([id, isValidIdNumber(id)]).toEqual([id, serverIsValid(id)]);
      }
    }
  });

  test('compute the check character', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar(VALID_ID.slice(0, 17))).toBe(VALID_ID[17]);
  });

  test('reject impossible birth dates the way the server does', () => {
    for (const birth of ['19680230', '19681301', '19680000', '29990101']) {
      const first17 = `152223${birth}001`;
      const id = first17 + idCheckChar(first17);
      expect(isValidIdNumber(id)).toBe(false);
      expect(serverIsValid(id)).toBe(false);
    }
  });

  test('normalise what people type like the server', () => {
    for (const raw of [' 1522 2319900101123x ', '１５２２２３１９９００１０１１２３ｘ']) {
      expect(normalizeIdNumber(raw)).toBe(serverNormalize(raw));
    }
  });

  test('say what is wrong in plain words', () => {
    expect(idNumberProblem('1522231968')).toBe('身份证号应为18位，您填了10位');
    expect(idNumberProblem('15222319680315A019')).toBe('身份证号前17位都是数字，最后一位是数字或X');
    expect(idNumberProblem(VALID_ID.slice(0, 17) + '1')).toBe('身份证号有一位不对，请对照身份证一位一位再看一下');
  });
});

test.each([
  ['12000', 12000],
  ['1万2', 12000],
  ['1.2万', 12000],
  ['一万二', 12000],
  ['两千五', 2500],
  ['一万零五', 10005],
  ['十二', 12],
  ['3000元', 3000],
  ['大概8000左右', 8000],
  ['１２，０００', 12000],
  ['12万5', 125000],
  ['-500', 'negative'],
  ['好多钱', null],
  ['万', null],
  ['', null],
])('parseAmount(%p) is %p', (raw, expected) => {
  expect(parseAmount(raw)).toBe(expected);
});

const question = (kind: Question['kind'], extra: Partial<Question> = {}): Question => ({ id: kind, kind, text: '', hint: '', label: '', ...extra });

test('phone numbers: 11 digits starting 13–19, spaces and dashes tolerated', () => {
  expect(validateAnswer(question('phone'), '139 1234-5678')).toEqual({ ok: true, value: '13912345678' });
  expect(validateAnswer(question('phone'), '12912345678')).toEqual({ ok: false, hint: '手机号应以13到19开头，请再看一下' });
  expect(validateAnswer(question('phone'), '139123456789')).toEqual({ ok: false, hint: '手机号应为11位，您填了12位' });
  expect(validateAnswer(question('phone'), '139abc')).toEqual({ ok: false, hint: '手机号只填数字，11位，例如：13912345678' });
});

test('counts and amounts become numbers within the question limits', () => {
  expect(validateAnswer(question('integer', { min: 1, max: 30 }), '4')).toEqual({ ok: true, value: 4 });
  expect(validateAnswer(question('integer', { min: 1, max: 30 }), '0')).toEqual({ ok: false, hint: '请填1到30之间的数字' });
  expect(validateAnswer(question('amount', { max: 10_000_000 }), '1万2')).toEqual({ ok: true, value: 12000 });
  expect(validateAnswer(question('amount', { max: 10_000_000 }), '20000000')).toEqual({ ok: false, hint: '这个数太大了，请再看一下（单位是元）' });
});

test('text uses the served hint; name and relation are both required', () => {
  const name = question('text', { min: 2, max: 20, hint: '请写户主的名字，2到20个字' });
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
