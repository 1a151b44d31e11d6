import { ACCOUNT_POLICY, claimAttempt, delayAfter, isKnownAddress, KNOWN_ADDRESS_MS, PAIR_POLICY, waitText, type ThrottleState } from '../../src/domain/loginThrottle';

const NOW = new Date('2026-11-23T02:00:00.000Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);
const state = (over: Partial<ThrottleState> = {}): ThrottleState => ({ failures: 0, blockedUntil: null, lastSuccessAt: null, updatedAt: NOW, ...over });

describe('login throttle policy', () => {
  it('lets five attempts through, then waits 30 s, doubling to a 15-minute ceiling', () => {
    expect([1, 2, 3, 4].map((n) => delayAfter(PAIR_POLICY, n))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 11, 40].map((n) => delayAfter(PAIR_POLICY, n) / 1000)).toEqual([30, 60, 120, 240, 480, 900, 900, 900]);
    expect(delayAfter(ACCOUNT_POLICY, 49)).toBe(0);
    expect(delayAfter(ACCOUNT_POLICY, 50)).toBe(60_000);
  });

  it('walks a row through the free attempts into a growing wait', () => {
    let row = state();
    const answers: string[] = [];
    let now = NOW;
    for (let i = 0; i < 8; i++) {
      const claim = claimAttempt(PAIR_POLICY, row, now);
      if (!claim.allowed) {
        answers.push(`wait ${claim.retryAfterMs / 1000}`);
        now = new Date(now.getTime() + claim.retryAfterMs);
        continue;
      }
      answers.push(`try ${claim.failures}`);
      row = state({ failures: claim.failures, blockedUntil: claim.blockedUntil, updatedAt: now });
    }
    expect(answers).toEqual(['try 1', 'try 2', 'try 3', 'try 4', 'try 5', 'wait 30', 'try 6', 'wait 60']);
  });

  it('refuses while blocked and forgets failures a day old', () => {
    const blocked = state({ failures: 9, blockedUntil: at(480_000) });
    expect(claimAttempt(PAIR_POLICY, blocked, at(1000))).toEqual({ allowed: false, retryAfterMs: 479_000 });
    expect(claimAttempt(PAIR_POLICY, blocked, at(480_000))).toEqual({ allowed: true, failures: 10, blockedUntil: at(480_000 + 900_000) });
    expect(claimAttempt(PAIR_POLICY, state({ failures: 9 }), at(24 * 3600_000))).toEqual({ allowed: true, failures: 1, blockedUntil: null });
  });

  it('knows an address the account signed in from within 30 days', () => {
    expect(isKnownAddress(null, NOW)).toBe(false);
    expect(isKnownAddress(state(), NOW)).toBe(false);
    expect(isKnownAddress(state({ lastSuccessAt: at(-KNOWN_ADDRESS_MS + 1) }), NOW)).toBe(true);
    expect(isKnownAddress(state({ lastSuccessAt: at(-KNOWN_ADDRESS_MS) }), NOW)).toBe(false);
  });

  it('says the wait in Chinese', () => {
    expect([1, 29_001, 30_000, 60_000, 61_000, 900_000].map(waitText)).toEqual(['1秒', '30秒', '30秒', '1分钟', '2分钟', '15分钟']);
  });
});
