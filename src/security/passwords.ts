import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// scrypt is looked up on each call (not bound once by promisify) so a test can count the
// derivations a login costs (test/services/loginThrottle.test.ts: equal work for unknown names).
const scryptAsync = (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number }) =>
  new Promise<Buffer>((resolve, reject) => scrypt(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key))));
const PARAMS = { N: 16384, r: 8, p: 1 };

/** `scrypt$N$r$p$salt$hash`: parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}

/**
 * A stand-in hash with the real parameters: an unknown or disabled account is checked against it,
 * so its answer costs one scrypt like a wrong password and its timing tells nothing. It matches
 * no password: its bytes are not the hash of anything.
 */
const DUMMY_HASH = ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, randomBytes(16).toString('base64'), randomBytes(32).toString('base64')].join('$');

/** verifyPassword, or the same work and `false` when there is no account to check against. */
export async function verifyPasswordOrDummy(password: string, stored: string | null): Promise<boolean> {
  const matches = await verifyPassword(password, stored ?? DUMMY_HASH);
  return stored !== null && matches;
}

/** Weak: shorter than 8, one kind of character only, or a well-known pattern. */
export function passwordWeakness(password: string, username: string): string | null {
  if (password.length < 8) return '密码至少8位';
  if (password.length > 128) return '密码最多128位';
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z\d]/].filter((re) => re.test(password)).length;
  if (kinds < 2) return '密码需包含字母、数字或符号中的至少两种';
  if (password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名';
  if (/(0123|1234|2345|3456|4567|5678|6789|abcd|qwer|password)/i.test(password)) return '密码太容易猜到';
  return null;
}
