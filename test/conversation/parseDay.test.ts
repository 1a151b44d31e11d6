import { parseDay } from '../../src/conversation/parseDay';

const NOW = new Date('2026-11-23T02:00:00.000Z'); // Monday 10:00 in China

describe('parseDay', () => {
  it('reads the relative words and dates cadres type', () => {
    expect(parseDay('昨天', NOW)).toBe('2026-11-22');
    expect(parseDay('11月24日', NOW)).toBe('2026-11-24');
    expect(parseDay('2026-02-30', NOW)).toBeNull();
  });

  it('takes no key of Object.prototype for a day', () => {
    for (const word of ['valueOf', 'toString', 'constructor', '__proto__', 'hasOwnProperty']) expect(parseDay(word, NOW)).toBeNull();
  });
});
