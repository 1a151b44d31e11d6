import { maskIdNumber, maskPhone } from '../../src/domain/idNumber';

// The ID-number and phone checks themselves live in src/shared: test/shared/idNumber.test.ts, phone.test.ts.

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
});
