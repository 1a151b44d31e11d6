const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** A checksum-valid 18-digit ID number: region 152221, the given birth date, a sequence number. */
export function validIdNumber(sequence: number, birth = '19700101', region = '152221'): string {
  const body = `${region}${birth}${String(sequence % 1000).padStart(3, '0')}`;
  const sum = [...body].reduce((acc, digit, i) => acc + Number(digit) * WEIGHTS[i], 0);
  return body + CHECK[sum % 11];
}
