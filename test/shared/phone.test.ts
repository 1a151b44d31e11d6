import { normalizePhone, parsePhone, PHONE_PATTERN, phoneProblem } from '../../src/shared/phone';

describe('PHONE_PATTERN', () => {
  it('accepts mainland mobiles only', () => {
    expect(PHONE_PATTERN.test('13912345678')).toBe(true);
    expect(PHONE_PATTERN.test('19912345678')).toBe(true);
    expect(PHONE_PATTERN.test('12912345678')).toBe(false);
    expect(PHONE_PATTERN.test('1391234567')).toBe(false);
  });
});

describe('parsePhone', () => {
  it.each([
    ['139 1234 5678', '13912345678'],
    ['139-1234-5678', '13912345678'],
    ['１３９１２３４５６７８', '13912345678'],
    ['+86 13912345678', '13912345678'],
    ['86-139-1234-5678', '13912345678'],
    ['(139)12345678', '13912345678'],
    ['139－1234－5678', '13912345678'],
  ])('%p → %p', (raw, phone) => {
    expect(parsePhone(raw)).toBe(phone);
  });

  it.each(['1391234567', '23912345678', '12912345678', '139abc', ''])('%p is not a mobile number', (raw) => {
    expect(parsePhone(raw)).toBeNull();
  });
});

describe('phoneProblem', () => {
  it('says what is wrong in plain words', () => {
    expect(phoneProblem(normalizePhone('139 1234-5678'))).toBeNull();
    expect(phoneProblem(normalizePhone('12912345678'))).toBe('手机号应以13到19开头，请再看一下');
    expect(phoneProblem(normalizePhone('139123456789'))).toBe('手机号应为11位，您填了12位');
    expect(phoneProblem(normalizePhone('139abc'))).toBe('手机号只填数字，11位，例如：13912345678');
    expect(phoneProblem('')).toBe('手机号只填数字，11位，例如：13912345678');
  });
});
