import { MoreThan, type DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../domain/errors';
import { ACCOUNT_POLICY, claimAttempt, isKnownAddress, PAIR_POLICY, waitText, type ThrottlePolicy } from '../domain/loginThrottle';
import { LoginThrottle } from '../store/entities';

/** The `address` of the row that counts an account's attempts from every address not known to it. */
export const ACCOUNT_WIDE = '*';
/** Reads and compare-and-sets one request may spend on a contended row before it counts as a burst. */
const MAX_ROUNDS = 12;
const DAY = 24 * 3600_000;

type Key = { username: string; address: string };
/** What an attempt was charged to, so a success can take it back. */
export type LoginCharge = Key & { accountCharged: boolean };
type Claimed = { allowed: true; before: LoginThrottle } | { allowed: false; retryAfterMs: number };

/** The row key: names compared as MariaDB compares them (case-insensitively) on SQLite too. */
function keyOf(username: string, address: string): Key {
  return { username: username.toLowerCase().slice(0, 64), address: address.slice(0, 64) || 'unknown' };
}

function throttled(message: string, retryAfterMs: number): DomainError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new DomainError('login_throttled', message, 429, { retryAfterSeconds: seconds });
}

async function insertIfMissing(db: DataSource, key: Key, now: Date): Promise<void> {
  // A new row is the moment to drop rows that mean nothing any more: forgotten failures, and
  // known addresses not signed in from for a month.
  await db
    .createQueryBuilder()
    .delete()
    .from(LoginThrottle)
    .where('updatedAt < :forgotten AND (lastSuccessAt IS NULL OR lastSuccessAt < :unknown)', { forgotten: new Date(now.getTime() - DAY), unknown: new Date(now.getTime() - 30 * DAY) })
    .execute();
  // Two first attempts at once: the second insert is ignored and both go on to claim the one row.
  await db.createQueryBuilder().insert().into(LoginThrottle).values({ ...key, failures: 0, blockedUntil: null, lastSuccessAt: null, updatedAt: now, version: 0 }).orIgnore().execute();
}

/**
 * Charges one attempt to a row, or says how long to wait. Optimistic: the write applies only over
 * the version read, so of N concurrent requests (in any number of processes) each round exactly
 * one charges and the others read again — N guesses are N charges, never N reads of the same count.
 */
async function claim(db: DataSource, key: Key, policy: ThrottlePolicy, now: Date): Promise<Claimed> {
  const repo = db.getRepository(LoginThrottle);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const row = await repo.findOne({ where: key });
    if (!row) {
      await insertIfMissing(db, key, now);
      continue;
    }
    const decision = claimAttempt(policy, row, now);
    if (!decision.allowed) return decision;
    const { affected } = await repo.update({ ...key, version: row.version }, { failures: decision.failures, blockedUntil: decision.blockedUntil, updatedAt: now, version: row.version + 1 });
    if (affected === 1) return { allowed: true, before: row };
  }
  return { allowed: false, retryAfterMs: 1000 };
}

/**
 * Charges a login attempt before its password is checked: to the (name, address) pair, and — from
 * an address this name has not signed in from lately — to the name from everywhere. Throws 429
 * while either must wait. Unknown names are charged alike, so nothing here tells them apart.
 */
export async function chargeLoginAttempt(db: DataSource, username: string, address: string, now: Date): Promise<LoginCharge> {
  const pair = keyOf(username, address);
  const fromHere = await claim(db, pair, PAIR_POLICY, now);
  if (!fromHere.allowed) throw throttled(`登录失败次数太多，请${waitText(fromHere.retryAfterMs)}后再试`, fromHere.retryAfterMs);
  if (isKnownAddress(fromHere.before, now)) return { ...pair, accountCharged: false };
  const everywhere = await claim(db, { username: pair.username, address: ACCOUNT_WIDE }, ACCOUNT_POLICY, now);
  if (!everywhere.allowed) {
    throw throttled(`这个账号近期登录失败次数太多，请${waitText(everywhere.retryAfterMs)}后再试，或请管理员重置密码`, everywhere.retryAfterMs);
  }
  return { ...pair, accountCharged: true };
}

/**
 * A correct password: this address starts afresh and is known to the account from now on, and the
 * attempt is taken back from the account-wide count (it was no failure). The account-wide count is
 * not cleared: the holder signing in must not hand a botnet a fresh allowance.
 */
export async function recordLoginSuccess(db: DataSource, charge: LoginCharge, now: Date): Promise<void> {
  const repo = db.getRepository(LoginThrottle);
  await repo.update({ username: charge.username, address: charge.address }, { failures: 0, blockedUntil: null, lastSuccessAt: now, updatedAt: now, version: () => 'version + 1' });
  if (charge.accountCharged) {
    await repo.createQueryBuilder().update().set({ failures: () => 'failures - 1', version: () => 'version + 1' }).where({ username: charge.username, address: ACCOUNT_WIDE, failures: MoreThan(0) }).execute();
  }
}

/** A password set by someone (a reset, set-password) lifts every wait on the account. */
export async function clearLoginThrottles(manager: EntityManager, username: string): Promise<void> {
  await manager.delete(LoginThrottle, { username: keyOf(username, '').username });
}
