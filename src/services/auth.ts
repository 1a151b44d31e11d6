import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { CadreVillage, Resident, StaffUser } from '../store/entities';
import { isUniqueViolation } from '../store/transaction';
import { verifyPasswordOrDummy } from '../security/passwords';
import type { Claims } from '../security/tokens';
import type { Actor, StaffActor } from './actors';
import type { AppContext } from './context';
import { chargeLoginAttempt, recordLoginSuccess } from './loginThrottle';
import { parseInput } from './zodInput';

export const loginSchema = z.object({
  username: z.string({ error: '请填写用户名' }).trim().min(1, { error: '请填写用户名' }).max(64),
  password: z.string({ error: '请填写密码' }).min(1, { error: '请填写密码' }).max(128),
});

export const wechatLoginSchema = z.object({
  code: z.string({ error: '缺少微信登录凭证' }).min(1, { error: '缺少微信登录凭证' }).max(128),
});

const badLogin = () => new DomainError('login_failed', '用户名或密码不正确', 401);

/**
 * Staff log in with a password, from a client address (the one the trusted proxy saw). The
 * attempt is charged in the database before the password is checked (loginThrottle), so guesses
 * are limited however many arrive at once and in however many processes. An unknown, disabled or
 * wrong account answers alike and costs the same scrypt (docs/security.md "Login throttling").
 */
export async function staffLogin(app: AppContext, input: unknown, address: string): Promise<{ token: string; user: { id: number; name: string; role: string } }> {
  const { username, password } = parseInput(loginSchema, input);
  const now = app.clock();
  const charge = await chargeLoginAttempt(app.db, username, address, now);
  const found = await app.db.getRepository(StaffUser).findOne({ where: { username } });
  const user = found?.active ? found : null;
  if (!(await verifyPasswordOrDummy(password, user?.passwordHash ?? null)) || !user) throw badLogin();
  await recordLoginSuccess(app.db, charge, now);
  return { token: await app.tokens.sign({ kind: 'staff', sub: user.id }, now), user: { id: user.id, name: user.displayName, role: user.role } };
}

/** Finds or creates the resident for a channel identity. */
export async function residentFor(app: AppContext, channel: Resident['channel'], externalId: string): Promise<Resident> {
  const repo = app.db.getRepository(Resident);
  const found = await repo.findOne({ where: { channel, externalId } });
  if (found) return found;
  try {
    return await repo.save(repo.create({ channel, externalId, createdAt: app.clock() }));
  } catch (error) {
    // Two first logins at once: the other one created it.
    if (!isUniqueViolation(error, 'uq_residents_channel_external', 'residents.channel, residents.externalId')) throw error;
    return repo.findOneOrFail({ where: { channel, externalId } });
  }
}

/**
 * Mini-program login: wx.login's code → openid through WeChat. In demo mode (no credentials,
 * never in production) a code `demo:<id>` stands for openid `<id>`.
 */
export async function residentWechatLogin(app: AppContext, input: unknown): Promise<{ token: string; resident: { id: number } }> {
  const { code } = parseInput(wechatLoginSchema, input);
  let openid: string;
  if (app.wechat) {
    openid = (await app.wechat.code2Session(code)).openid;
  } else if (app.config.demoLogin && code.startsWith('demo:') && code.length > 5) {
    openid = code.slice(5);
  } else {
    throw new DomainError('wechat_login_unavailable', '微信登录暂不可用，请联系县里管理员', 401);
  }
  const resident = await residentFor(app, 'miniprogram', openid);
  return { token: await app.tokens.sign({ kind: 'resident', sub: resident.id }, app.clock()), resident: { id: resident.id } };
}

/**
 * The staff member behind an id, or null when the account is gone or disabled — or, given the
 * token's issue time (seconds), when the password was set again after it: a reset signs out
 * every session opened with the old one. (Same second counts as after: iat has no finer grain.)
 */
export async function loadStaffActor(app: AppContext, staffId: number, issuedAt?: number): Promise<StaffActor | null> {
  const user = await app.db.getRepository(StaffUser).findOne({ where: { id: staffId, active: true } });
  if (!user) return null;
  if (issuedAt !== undefined && user.credentialsChangedAt && issuedAt < Math.floor(user.credentialsChangedAt.getTime() / 1000)) return null;
  const villages = user.role === 'cadre' ? await app.db.getRepository(CadreVillage).find({ select: { villageCode: true }, where: { staffId } }) : [];
  return { kind: 'staff', id: user.id, name: user.displayName, role: user.role, regionCode: user.regionCode, villageCodes: villages.map((v) => v.villageCode) };
}

/** The actor behind verified token claims, or null when the account is gone or disabled. */
const RESIDENT_SQL = (d: { escape(name: string): string }) => `SELECT ${['id', 'channel', 'callbackFiledAt'].map((c) => d.escape(c)).join(', ')} FROM ${d.escape('residents')} WHERE ${d.escape('id')} = ?`;

export async function actorFromClaims(app: AppContext, claims: Claims): Promise<Actor | null> {
  if (claims.kind === 'staff') return loadStaffActor(app, claims.sub, claims.iat);
  // Plain SQL: every request with a resident token (each declaration from the mini-program) asks.
  const rows = (await app.db.query(RESIDENT_SQL(app.db.driver), [claims.sub])) as { id: number | string; channel: Resident['channel']; callbackFiledAt: unknown }[];
  const resident = rows[0];
  return resident ? { kind: 'resident', id: Number(resident.id), channel: resident.channel, mayHaveCallbacks: resident.callbackFiledAt !== null } : null;
}
