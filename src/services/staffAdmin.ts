import { randomInt } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { STAFF_ROLES, type StaffRole } from '../domain/workflow';
import { line } from '../domain/workflow/fields';
import { DomainError } from '../domain/errors';
import { hashPassword, passwordWeakness } from '../security/passwords';
import { CadreVillage, Region, StaffUser } from '../store/entities';
import { clearLoginThrottles } from './loginThrottle';

export const addUserSchema = z.object({
  role: z.enum(STAFF_ROLES, { error: '角色只能是 cadre、township、county 或 admin' }),
  username: z.string().trim().regex(/^[A-Za-z0-9_.-]{3,64}$/, { error: '用户名为3到64位字母、数字、下划线、点或横线' }),
  password: z.string(),
  name: line('姓名', 1, 50).optional(),
  villages: z.array(z.string().regex(/^\d{12}$/, { error: '村代码应为12位数字' })).max(50, { error: '一个村干部最多负责50个村' }).default([]),
  region: z.string().regex(/^\d{6}(\d{3})?$/, { error: '区划代码应为6位（县）或9位（乡镇）' }).optional(),
});
export type AddUserInput = z.input<typeof addUserSchema>;

async function requireVillages(manager: EntityManager, codes: string[]): Promise<Region[]> {
  const found = codes.length ? await manager.find(Region, { where: { code: In(codes), level: 'village' } }) : [];
  const missing = codes.filter((code) => !found.some((r) => r.code === code));
  if (missing.length) throw new DomainError('unknown_village', `这些村代码不存在（先用 npm run regions -- import <县代码> 导入）：${missing.join(', ')}`, 400);
  return found;
}

async function requireRegion(manager: EntityManager, role: StaffRole, code: string | undefined): Promise<string | null> {
  if (role === 'cadre' || role === 'admin') return null;
  const level = role === 'township' ? 'town' : 'county';
  if (!code) throw new DomainError('missing_region', `${role} 账号需要 --region（${level === 'town' ? '9位乡镇代码' : '6位县代码'}）`, 400);
  const region = await manager.findOne(Region, { where: { code, level } });
  if (!region) throw new DomainError('unknown_region', `区划代码 ${code} 不是已导入的${level === 'town' ? '乡镇' : '县'}`, 400);
  return region.code;
}

/** Creates a staff account. A cadre's first village becomes their primary one where it has none. */
export async function addStaffUser(manager: EntityManager, input: AddUserInput, now: Date, passwordHash?: string): Promise<StaffUser> {
  const data = addUserSchema.parse(input);
  const weakness = passwordHash ? null : passwordWeakness(data.password, data.username);
  if (weakness) throw new DomainError('weak_password', `密码太弱：${weakness}`, 400);
  if (await manager.exists(StaffUser, { where: { username: data.username } })) {
    throw new DomainError('duplicate_username', `用户名 ${data.username} 已存在`, 409);
  }
  if (data.role === 'cadre' && data.villages.length === 0) throw new DomainError('missing_villages', '村干部账号需要 --villages（负责的村代码，逗号分隔）', 400);
  if (data.role !== 'cadre' && data.villages.length) throw new DomainError('unexpected_villages', '只有村干部账号能负责村', 400);
  await requireVillages(manager, data.villages);
  const regionCode = await requireRegion(manager, data.role, data.region);
  const user = await manager.save(
    manager.create(StaffUser, {
      username: data.username,
      displayName: data.name ?? data.username,
      role: data.role,
      regionCode,
      passwordHash: passwordHash ?? (await hashPassword(data.password)),
      wechatId: null,
      active: true,
      createdAt: now,
    }),
  );
  if (data.role === 'cadre') await assignVillages(manager, user, data.villages, false);
  return user;
}

/**
 * Gives an account a password its holder chose (a forgotten one, a seeded or demo account): the
 * same strength rule as a new account; login throttling from wrong guesses is lifted with it, and the
 * sessions opened with the old password end.
 */
export async function setStaffPassword(manager: EntityManager, username: string, password: string, now: Date): Promise<StaffUser> {
  const user = await findStaffUser(manager, username);
  const weakness = passwordWeakness(password, user.username);
  if (weakness) throw new DomainError('weak_password', `密码太弱：${weakness}`, 400);
  await manager.update(StaffUser, user.id, { passwordHash: await hashPassword(password), credentialsChangedAt: now });
  await clearLoginThrottles(manager, user.username);
  return user;
}

/**
 * Makes a cadre responsible for villages (kept: the ones they had). The cadre becomes primary
 * where the village has no primary cadre yet, or everywhere listed when `primary` is set.
 */
export async function assignVillages(manager: EntityManager, user: StaffUser, villageCodes: string[], primary: boolean): Promise<void> {
  if (user.role !== 'cadre') throw new DomainError('not_a_cadre', `${user.username} 不是村干部账号`, 400);
  await requireVillages(manager, villageCodes);
  for (const villageCode of villageCodes) {
    if (primary) await manager.update(CadreVillage, { villageCode }, { isPrimary: false });
    const hasPrimary = await manager.exists(CadreVillage, { where: { villageCode, isPrimary: true } });
    const existing = await manager.findOne(CadreVillage, { where: { staffId: user.id, villageCode } });
    const isPrimary = primary || !hasPrimary || (existing?.isPrimary ?? false);
    if (existing) await manager.update(CadreVillage, existing.id, { isPrimary });
    else await manager.insert(CadreVillage, { staffId: user.id, villageCode, isPrimary });
  }
}

export async function findStaffUser(manager: EntityManager, username: string): Promise<StaffUser> {
  const user = await manager.findOne(StaffUser, { where: { username } });
  if (!user) throw new DomainError('unknown_user', `用户 ${username} 不存在`, 404);
  return user;
}

/** A readable throwaway password for demo accounts: letters and digits. */
export function generatePassword(): string {
  const letters = 'abcdefghjkmnpqrstuvwxyz';
  return Array.from({ length: 6 }, () => letters[randomInt(letters.length)]).join('') + String(randomInt(1000, 10000));
}
