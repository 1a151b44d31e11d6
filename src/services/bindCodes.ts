import { randomInt } from 'node:crypto';
import { IsNull, Not } from 'typeorm';
import { DomainError } from '../domain/errors';
import { BindCode, StaffUser } from '../store/entities';
import { inTransaction, insertRow, isUniqueViolation } from '../store/transaction';
import type { AppContext } from './context';
import { findStaffUser } from './staffAdmin';

/**
 * Binding a staff member's WeChat: an admin issues a one-time code (`npm run admin -- bind-code
 * --username U`), the staff member sends "绑定 <code>" to the bot from their own WeChat. Only a
 * keyed hash of the code is stored. Account administration, not case work: nothing goes to a
 * case's audit trail, but every bind is logged.
 */
export const BIND_CODE_TTL_MS = 24 * 60 * 60 * 1000;
export const BIND_CODE_DIGITS = 8;
/** Wrong codes one chat contact may send per window before binding is refused for a while. */
export const BIND_MAX_FAILURES = 5;
export const BIND_FAILURE_WINDOW_MS = 15 * 60 * 1000;

const codeHash = (app: AppContext, code: string) => app.crypto.lookupHash(`bind-code:${code}`);

export interface IssuedBindCode {
  code: string;
  expiresAt: Date;
  staff: { id: number; username: string; name: string };
}

/** A fresh code for `username`; the staff member's earlier unused codes stop working. */
export async function issueBindCode(app: AppContext, username: string): Promise<IssuedBindCode> {
  const now = app.clock();
  const expiresAt = new Date(now.getTime() + BIND_CODE_TTL_MS);
  for (let attempt = 1; ; attempt++) {
    const code = String(randomInt(0, 10 ** BIND_CODE_DIGITS)).padStart(BIND_CODE_DIGITS, '0');
    try {
      return await inTransaction(app.db, async (manager) => {
        const staff = await findStaffUser(manager, username);
        if (!staff.active) throw new DomainError('staff_inactive', `账号 ${username} 已停用`, 409);
        await manager.delete(BindCode, { staffId: staff.id, usedAt: IsNull() });
        const row = Object.assign(new BindCode(), { staffId: staff.id, codeHash: codeHash(app, code), expiresAt, usedAt: null, createdAt: now });
        await insertRow(manager, BindCode, row);
        app.logger.info({ staffId: staff.id, expiresAt }, 'bind code issued');
        return { code, expiresAt, staff: { id: staff.id, username: staff.username, name: staff.displayName } };
      });
    } catch (error) {
      // The same eight digits are live for someone else: draw again.
      if (isUniqueViolation(error, 'uq_bind_codes_hash', 'bind_codes.codeHash') && attempt < 5) continue;
      throw error;
    }
  }
}

const invalid = () => new DomainError('bind_code_invalid', '绑定码不对或已经用过，请核对，或找管理员重新生成', 400);
const alreadyBound = () =>
  new DomainError('chat_already_bound', '这个微信已经绑定了另一个工作人员账号，一个微信只能绑定一个账号。请找管理员先解除原来的绑定', 409);

/**
 * Counts wrong codes per chat contact (in this process: one bot process per WeChat account), so
 * eight digits cannot be guessed by brute force through the chat.
 */
export class BindAttemptLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly clock: () => Date) {}

  check(channelUserId: string): void {
    const now = this.clock().getTime();
    const recent = (this.failures.get(channelUserId) ?? []).filter((at) => now - at < BIND_FAILURE_WINDOW_MS);
    this.failures.set(channelUserId, recent);
    if (recent.length >= BIND_MAX_FAILURES) throw new DomainError('bind_locked', '绑定码错误次数太多，请15分钟后再试', 429);
  }

  fail(channelUserId: string): void {
    this.failures.set(channelUserId, [...(this.failures.get(channelUserId) ?? []), this.clock().getTime()]);
  }
}

/**
 * "绑定 <code>": sets the staff member's chat contact. A contact bound to another account is
 * refused (the code stays usable); the same account binding a new contact replaces the old one.
 */
export async function bindChatAccount(app: AppContext, rawCode: string, channelUserId: string, limiter?: BindAttemptLimiter): Promise<{ staffId: number; name: string }> {
  limiter?.check(channelUserId);
  const code = rawCode.replace(/[\s-]/g, '');
  if (!new RegExp(`^\\d{${BIND_CODE_DIGITS}}$`).test(code)) {
    limiter?.fail(channelUserId);
    throw new DomainError('bind_code_invalid', `绑定码是${BIND_CODE_DIGITS}位数字，请核对`, 400);
  }
  const now = app.clock();
  try {
    const result = await inTransaction(app.db, async (manager) => {
      const row = await manager.findOne(BindCode, { where: { codeHash: codeHash(app, code) } });
      if (!row || row.usedAt) return { error: invalid() };
      if (row.expiresAt.getTime() <= now.getTime()) return { error: new DomainError('bind_code_expired', '绑定码已过期（24小时内有效），请找管理员重新生成', 400) };
      const staff = await manager.findOne(StaffUser, { where: { id: row.staffId } });
      if (!staff || !staff.active) return { error: new DomainError('staff_inactive', '这个账号已停用，请找管理员', 409) };
      if (await manager.exists(StaffUser, { where: { wechatId: channelUserId, id: Not(staff.id) } })) return { error: alreadyBound(), final: true };
      const used = await manager.update(BindCode, { id: row.id, usedAt: IsNull() }, { usedAt: now });
      if (used.affected !== 1) return { error: invalid() };
      await manager.update(StaffUser, staff.id, { wechatId: channelUserId });
      return { staff, previous: staff.wechatId };
    });
    if ('error' in result) {
      if (!result.final) limiter?.fail(channelUserId);
      throw result.error;
    }
    const { staff, previous } = result;
    app.logger.info({ staffId: staff.id, replaced: previous !== null && previous !== channelUserId }, 'staff bound a chat account');
    return { staffId: staff.id, name: staff.displayName };
  } catch (error) {
    if (isUniqueViolation(error, 'uq_staff_wechat', 'staff_users.wechatId')) throw alreadyBound();
    throw error;
  }
}

/** Clears a staff member's chat binding (a lost phone, a contact bound by mistake). */
export async function unbindChatAccount(app: AppContext, username: string): Promise<{ wasBound: boolean }> {
  const staff = await findStaffUser(app.db.manager, username);
  await app.db.getRepository(StaffUser).update(staff.id, { wechatId: null });
  app.logger.info({ staffId: staff.id, wasBound: staff.wechatId !== null }, 'staff chat binding cleared');
  return { wasBound: staff.wechatId !== null };
}
