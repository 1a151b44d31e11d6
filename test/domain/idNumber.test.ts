import { isValidIdNumber, maskIdNumber, maskPhone, normalizeIdNumber, PHONE_PATTERN } from '../../src/domain/idNumber';

/** GB 11643 check character, computed independently of the code under test. */
function checkChar(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * weights[i], 0);
  return '10X98765432'[sum % 11];
}

describe('checkChar helper', () => {
  it('agrees with a known valid number', () => {
    expect(checkChar('11010519491231002')).toBe('X');
  });
});

describe('isValidIdNumber', () => {
  it('accepts numbers with a correct check character', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    const body = '15222119700101001';
    expect(isValidIdNumber(body + checkChar(body))).toBe(true);
  });

  it('rejects a wrong check character', () => {
    const body = '15222119700101001';
    const good = checkChar(body);
    for (const wrong of '0123456789X'.split('').filter((c) => c !== good)) {
      expect(isValidIdNumber(body + wrong)).toBe(false);
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
    expect(normalizeIdNumber('11010519491231002x')).toBe('11010519491231002X');
    expect(isValidIdNumber(normalizeIdNumber('11010519491231002x'))).toBe(true);
  });

  it('rejects an impossible birth date even with a correct check character', () => {
    for (const date of ['19490230', '19491301', '19490100']) {
      const body = `110105${date}002`;
      expect(isValidIdNumber(body + checkChar(body))).toBe(false);
    }
  });
});

describe('normalizeIdNumber', () => {
  it('folds full-width digits and a full-width X, and drops spaces', () => {
    expect(normalizeIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toBe('11010519491231002X');
    expect(normalizeIdNumber('１１０１０５１９４９１２３１００２ｘ')).toBe('11010519491231002X');
    expect(normalizeIdNumber(' 110105 19491231\u3000002X ')).toBe('11010519491231002X');
  });

  it('only upper-cases an x at the end', () => {
    expect(normalizeIdNumber('1101x5194912310021')).toBe('1101x5194912310021');
  });
});

describe('masking', () => {
  it('keeps the first and last four characters of an ID number', () => {
    const masked = maskIdNumber('152221197001010012');
    expect(masked).toBe('1522**********0012');
    expect(masked).toHaveLength(18);
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
  });

  it('masks short values entirely', () => {
    expect(maskIdNumber('1234567')).toBe('*******');
  });

  it('masks the middle of a phone number', () => {
    expect(maskPhone('13912345678')).toBe('139****5678');
    expect(maskPhone('123456')).toBe('******');
  });

  it('PHONE_PATTERN accepts mainland mobiles only', () => {
    expect(PHONE_PATTERN.test('13912345678')).toBe(true);
    expect(PHONE_PATTERN.test('12912345678')).toBe(false);
    expect(PHONE_PATTERN.test('1391234567')).toBe(false);
  });
});
