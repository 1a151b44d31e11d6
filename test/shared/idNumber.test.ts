import { idCheckChar, idNumberProblem, isValidIdNumber, normalizeIdNumber } from '../../src/shared/idNumber';

/** GB 11643 check character, computed independently of the code under test. */
function checkChar(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * weights[i], 0);
  return '10X98765432'[sum % 11];
}

const withCheck = (first17: string) => first17 + checkChar(first17);

/** Real numbers' shapes: 扎赉特旗 (152223) and a Beijing one ending in X. */
const VALID_ID = '152223196803150019';
const VALID_ID_WITH_X = '15222319900101123X';

describe('checkChar helper', () => {
  it('agrees with a known valid number', () => {
    expect(checkChar('11010519491231002')).toBe('X');
  });
});

describe('idCheckChar', () => {
  it('computes the check character', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar(VALID_ID.slice(0, 17))).toBe(VALID_ID[17]);
  });
});

describe('isValidIdNumber', () => {
  it('accepts numbers with a correct check character', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber(withCheck('15222119700101001'))).toBe(true);
    expect(isValidIdNumber(VALID_ID)).toBe(true);
    expect(isValidIdNumber(VALID_ID_WITH_X)).toBe(true);
  });

  it('accepts exactly one of the eleven possible check characters', () => {
    for (const base of [VALID_ID, VALID_ID_WITH_X, '11010519491231002X', '152223198002290010', '152221197001010012']) {
      const first17 = base.slice(0, 17);
      const valid = [...'0123456789X'].filter((last) => isValidIdNumber(first17 + last));
      expect([first17, valid]).toEqual([first17, [checkChar(first17)]]);
    }
    expect(isValidIdNumber('110105194912310021')).toBe(false);
  });

  it('rejects wrong lengths and characters', () => {
    expect(isValidIdNumber('11010519491231002')).toBe(false);
    expect(isValidIdNumber('11010519491231002XX')).toBe(false);
    expect(isValidIdNumber('1101051949123100AX')).toBe(false);
    expect(isValidIdNumber('')).toBe(false);
  });

  it('rejects a lowercase x until it is normalised', () => {
    expect(isValidIdNumber('11010519491231002x')).toBe(false);
    expect(isValidIdNumber(normalizeIdNumber('11010519491231002x'))).toBe(true);
  });

  it('rejects an impossible birth date even with a correct check character', () => {
    for (const date of ['19490230', '19491301', '19490100', '19680000', '19680230', '19010229', '29990101', '18991231']) {
      expect([date, isValidIdNumber(withCheck(`152223${date}001`))]).toEqual([date, false]);
    }
    // 29 February of leap years, 2000 included (divisible by 400).
    expect(isValidIdNumber(withCheck('15222319680229001'))).toBe(true);
    expect(isValidIdNumber(withCheck('15222320000229001'))).toBe(true);
  });

  it('rejects a number whose first two digits are no province', () => {
    for (const prefix of ['00', '10', '16', '24', '38', '47', '55', '66', '72', '84', '99']) {
      expect([prefix, isValidIdNumber(withCheck(`${prefix}2223196803150001`.slice(0, 17)))]).toEqual([prefix, false]);
    }
    for (const prefix of ['11', '15', '46', '65', '71', '81', '82', '83']) {
      expect([prefix, isValidIdNumber(withCheck(`${prefix}2223196803150001`.slice(0, 17)))]).toEqual([prefix, true]);
    }
  });
});

describe('idNumberProblem', () => {
  it('says what is wrong in plain words', () => {
    expect(idNumberProblem('1522231968')).toBe('身份证号应为18位，您填了10位');
    expect(idNumberProblem('15222319680315A019')).toBe('身份证号前17位都是数字，最后一位是数字或X');
    expect(idNumberProblem(withCheck('99222319680315001'))).toBe('身份证号开头两位不对，请对照身份证再看一下');
    expect(idNumberProblem(withCheck('15222319681301001'))).toBe('身份证号里的出生日期不对，请对照身份证再看一下');
    expect(idNumberProblem(VALID_ID.slice(0, 17) + '1')).toBe('身份证号有一位不对，请对照身份证一位一位再看一下');
    expect(idNumberProblem(VALID_ID)).toBeNull();
  });

  it('refuses a birth date after today, from the clock it is given', () => {
    const id = withCheck('15222320260315001');
    expect(idNumberProblem(id, new Date(2026, 2, 14))).toBe('身份证号里的出生日期不对，请对照身份证再看一下');
    expect(idNumberProblem(id, new Date(2026, 2, 15))).toBeNull();
  });
});

describe('normalizeIdNumber', () => {
  it('folds full-width digits and a full-width X, and drops spaces', () => {
    expect(normalizeIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toBe('11010519491231002X');
    expect(normalizeIdNumber('１１０１０５１９４９１２３１００２ｘ')).toBe('11010519491231002X');
    expect(normalizeIdNumber(' 110105 19491231\u3000002X ')).toBe('11010519491231002X');
    expect(normalizeIdNumber(' 1522 2319900101123x ')).toBe('15222319900101123X');
    expect(normalizeIdNumber('１５２２２３１９９００１０１１２３ｘ')).toBe('15222319900101123X');
    expect(normalizeIdNumber('11010519491231002x')).toBe('11010519491231002X');
  });

  it('only upper-cases an x at the end', () => {
    expect(normalizeIdNumber('1101x5194912310021')).toBe('1101x5194912310021');
  });
});
