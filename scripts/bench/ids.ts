import { randomInt } from 'node:crypto';

/** GB 11643 weights for the first 17 digits; the remainder mod 11 indexes CHECK_CHARS. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const DAY_MS = 86_400_000;

export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * Distinct, valid 18-digit ID numbers for one bench run: region code, a birth date and a
 * three-digit sequence, then the check digit. The n-th number is born on day ⌊n/1000⌋ after
 * 1950-01-01, so a million numbers stay well inside valid dates. One generator serves the seed
 * and both load runs, so no two cases ever share a number.
 */
export class IdNumberGenerator {
  private next = 0;
  private readonly epoch = Date.UTC(1950, 0, 1);

  constructor(private readonly regionCode: string) {
    if (!/^\d{6}$/.test(regionCode)) throw new Error(`region code must be 6 digits: ${regionCode}`);
  }

  get issued(): number {
    return this.next;
  }

  take(): string {
    const n = this.next++;
    const birth = new Date(this.epoch + Math.floor(n / 1000) * DAY_MS).toISOString().slice(0, 10).replace(/-/g, '');
    const first17 = `${this.regionCode}${birth}${String(n % 1000).padStart(3, '0')}`;
    return first17 + checkDigit(first17);
  }
}

/** A plausible mobile number: 1, then 3–9, then nine digits. */
export const randomPhone = (): string => `1${randomInt(3, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;

/** `SB-` and eight digits, distinct within this process (the seed needs 100k of them). */
export class TrackingCodes {
  private readonly used = new Set<number>();

  take(): string {
    for (;;) {
      const n = randomInt(10_000_000, 100_000_000);
      if (this.used.has(n)) continue;
      this.used.add(n);
      return `SB-${n}`;
    }
  }
}
