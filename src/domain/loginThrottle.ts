/**
 * How staff logins are throttled (docs/security.md "Login throttling"). Pure: the service reads a
 * row, asks `claimAttempt` what to write, and writes it only if nobody wrote in between.
 *
 * An attempt is charged before its password is checked, so a burst of concurrent guesses can
 * never all be checked; a correct password then clears its (account, address) row.
 */
export interface ThrottlePolicy {
  /** Attempts that may follow one another without waiting. */
  freeAttempts: number;
  /** The wait after the last free attempt; it doubles with each attempt after that… */
  firstDelayMs: number;
  /** …up to this. */
  maxDelayMs: number;
  /** A row untouched this long counts as no failures: an old mistake is forgiven. */
  forgetAfterMs: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** One account from one client address: a stranger's guesses never slow the holder's own address. */
export const PAIR_POLICY: ThrottlePolicy = { freeAttempts: 5, firstDelayMs: 30_000, maxDelayMs: 15 * MINUTE, forgetAfterMs: DAY };

/**
 * One account from every address it was never signed in from: a ceiling for guesses spread over
 * many addresses. Addresses the account signed in from lately are not held by it, so the holder
 * keeps a way in while a botnet guesses.
 */
export const ACCOUNT_POLICY: ThrottlePolicy = { freeAttempts: 50, firstDelayMs: MINUTE, maxDelayMs: 30 * MINUTE, forgetAfterMs: DAY };

/** An address the account signed in from within this long is the holder's own. */
export const KNOWN_ADDRESS_MS = 30 * DAY;

export interface ThrottleState {
  /** Attempts charged since the last success (or since forgetting). */
  failures: number;
  blockedUntil: Date | null;
  lastSuccessAt: Date | null;
  updatedAt: Date;
}

export type ThrottleClaim = { allowed: false; retryAfterMs: number } | { allowed: true; failures: number; blockedUntil: Date | null };

/** The wait after `attempts` charged attempts. */
export function delayAfter(policy: ThrottlePolicy, attempts: number): number {
  if (attempts < policy.freeAttempts) return 0;
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (attempts - policy.freeAttempts));
}

/** Whether one more attempt may go ahead now, and the state to write if it does. */
export function claimAttempt(policy: ThrottlePolicy, state: ThrottleState, now: Date): ThrottleClaim {
  const forgotten = now.getTime() - state.updatedAt.getTime() >= policy.forgetAfterMs;
  if (!forgotten && state.blockedUntil && state.blockedUntil > now) return { allowed: false, retryAfterMs: state.blockedUntil.getTime() - now.getTime() };
  const failures = (forgotten ? 0 : state.failures) + 1;
  const delay = delayAfter(policy, failures);
  return { allowed: true, failures, blockedUntil: delay > 0 ? new Date(now.getTime() + delay) : null };
}

export function isKnownAddress(state: Pick<ThrottleState, 'lastSuccessAt'> | null, now: Date): boolean {
  return Boolean(state?.lastSuccessAt && now.getTime() - state.lastSuccessAt.getTime() < KNOWN_ADDRESS_MS);
}

/** "30秒", "2分钟": how long to wait, for a person. */
export function waitText(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return seconds < 60 ? `${seconds}秒` : `${Math.ceil(seconds / 60)}分钟`;
}
