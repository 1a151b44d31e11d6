import { In } from 'typeorm';
import { z } from 'zod';
import { line } from '../domain/workflow/fields';
import { hashPassword, passwordWeakness } from '../security/passwords';
import { CadreVillage, StaffUser } from '../store/entities';
import { inTransaction } from '../store/transaction';
import type { StaffActor } from './actors';
import { issueBindCode, unbindChatAccount } from './bindCodes';
import type { AppContext } from './context';
import { clearLoginThrottles } from './loginThrottle';
import { addStaffUser, addUserSchema, assignVillages, generatePassword } from './staffAdmin';
import { accountView, reachableAccount, requireAccountManager, requireVillagesInCounty, type StaffAccount } from './staffAccounts';

/**
 * The console's account administration, write side. Every change is logged as one line naming
 * who did what to which account (staff_users has no audit table: case_events are per case).
 * Passwords and bind codes are returned once and never logged; only their hashes are stored.
 */
const villageCodes = addUserSchema.shape.villages
  .unwrap()
  .min(1, { error: '请至少选择一个负责的村' })
  .max(50, { error: '一个村干部最多负责50个村' })
  .refine((codes) => new Set(codes).size === codes.length, { error: '同一个村选了两次' });

export const addCadreSchema = z
  .object({
    username: addUserSchema.shape.username,
    name: line('姓名', 1, 50),
    villages: villageCodes,
    primary: z.boolean({ error: 'primary 只能是 true 或 false' }).default(false),
  })
  .strict();

export const villagesSchema = z
  .object({
    villages: z
      .array(z.object({ code: addUserSchema.shape.villages.unwrap().element, primary: z.boolean({ error: 'primary 只能是 true 或 false' }) }).strict(), { error: '请列出负责的村' })
      .min(1, { error: '村干部至少负责一个村；不再负责任何村请停用账号' })
      .max(50, { error: '一个村干部最多负责50个村' })
      .refine((vs) => new Set(vs.map((v) => v.code)).size === vs.length, { error: '同一个村列了两次' }),
  })
  .strict();

type Change = 'add_cadre' | 'deactivate' | 'reactivate' | 'set_villages' | 'reset_password' | 'issue_bind_code' | 'unbind_chat';

function logChange(app: AppContext, actor: StaffActor, change: Change, staff: { id: number; username: string }, extra: Record<string, unknown> = {}): void {
  app.logger.info({ audit: 'staff_account', change, by: { id: actor.id, name: actor.name, role: actor.role }, staff: { id: staff.id, username: staff.username }, ...extra }, 'staff account changed');
}

/** generatePassword's shape, drawn again in the rare case the weakness rule refuses it (a "1234" run). */
function freshPassword(username: string): string {
  for (;;) {
    const password = generatePassword();
    if (!passwordWeakness(password, username)) return password;
  }
}

export async function addCadre(app: AppContext, actor: StaffActor, county: string, input: z.output<typeof addCadreSchema>): Promise<{ account: StaffAccount; password: string }> {
  requireAccountManager(actor, county);
  const password = freshPassword(input.username);
  const user = await inTransaction(app.db, async (manager) => {
    await requireVillagesInCounty(manager, county, input.villages);
    const created = await addStaffUser(manager, { role: 'cadre', username: input.username, name: input.name, password, villages: input.villages }, app.clock());
    if (input.primary) await assignVillages(manager, created, input.villages, true);
    return created;
  });
  logChange(app, actor, 'add_cadre', user, { villages: input.villages, primary: input.primary });
  return { account: await accountView(app.db.manager, user), password };
}

/**
 * A deactivated account cannot sign in, its tokens and console session stop working at once
 * (every request loads the actor, active only), routing skips it, and the bot no longer knows
 * its contact as staff. Its cases are left as they are: the caller shows them and reassigns.
 */
export async function setAccountActive(app: AppContext, actor: StaffActor, username: string, active: boolean): Promise<StaffAccount> {
  const { user } = await reachableAccount(app.db.manager, actor, username);
  if (user.active !== active) {
    await app.db.getRepository(StaffUser).update(user.id, { active });
    logChange(app, actor, active ? 'reactivate' : 'deactivate', user);
  }
  return accountView(app.db.manager, user);
}

/**
 * Sets a cadre's villages within the county to exactly those given, each primary or not (a
 * primary one becomes the village's only primary cadre). Villages in other counties are kept.
 */
export async function setAccountVillages(app: AppContext, actor: StaffActor, username: string, input: z.output<typeof villagesSchema>): Promise<StaffAccount> {
  const { user, county } = await reachableAccount(app.db.manager, actor, username);
  const wanted = input.villages;
  await inTransaction(app.db, async (manager) => {
    await requireVillagesInCounty(manager, county, wanted.map((v) => v.code));
    // assignVillages refuses a non-cadre account before anything is written.
    await assignVillages(manager, user, wanted.filter((v) => v.primary).map((v) => v.code), true);
    const others = wanted.filter((v) => !v.primary).map((v) => v.code);
    await assignVillages(manager, user, others, false);
    // assignVillages makes a cadre primary where nobody is; here the form said not.
    if (others.length) await manager.update(CadreVillage, { staffId: user.id, villageCode: In(others) }, { isPrimary: false });
    const dropped = (await manager.find(CadreVillage, { where: { staffId: user.id } })).filter((cv) => cv.villageCode.startsWith(county) && !wanted.some((v) => v.code === cv.villageCode));
    if (dropped.length) await manager.delete(CadreVillage, { id: In(dropped.map((cv) => cv.id)) });
  });
  logChange(app, actor, 'set_villages', user, { villages: wanted });
  return accountView(app.db.manager, user);
}

/** A new generated password, shown once; login throttling from wrong guesses is lifted with it, and the sessions opened with the old one end. */
export async function resetAccountPassword(app: AppContext, actor: StaffActor, username: string): Promise<{ account: StaffAccount; password: string }> {
  const { user } = await reachableAccount(app.db.manager, actor, username);
  const password = freshPassword(user.username);
  await app.db.getRepository(StaffUser).update(user.id, { passwordHash: await hashPassword(password), credentialsChangedAt: app.clock() });
  await clearLoginThrottles(app.db.manager, user.username);
  logChange(app, actor, 'reset_password', user);
  return { account: await accountView(app.db.manager, user), password };
}

export async function issueAccountBindCode(app: AppContext, actor: StaffActor, username: string): Promise<{ code: string; expiresAt: string }> {
  const { user } = await reachableAccount(app.db.manager, actor, username);
  const issued = await issueBindCode(app, user.username);
  logChange(app, actor, 'issue_bind_code', user, { expiresAt: issued.expiresAt });
  return { code: issued.code, expiresAt: issued.expiresAt.toISOString() };
}

export async function unbindAccountChat(app: AppContext, actor: StaffActor, username: string): Promise<{ wasBound: boolean; account: StaffAccount }> {
  const { user } = await reachableAccount(app.db.manager, actor, username);
  const { wasBound } = await unbindChatAccount(app, user.username);
  logChange(app, actor, 'unbind_chat', user, { wasBound });
  return { wasBound, account: await accountView(app.db.manager, user) };
}
