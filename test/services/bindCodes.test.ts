import { DomainError } from '../../src/domain/errors';
import { BindAttemptLimiter, BIND_MAX_FAILURES, bindChatAccount, issueBindCode, unbindChatAccount } from '../../src/services/bindCodes';
import { BindCode, CaseEvent, StaffUser } from '../../src/store/entities';
import { createTestApp, DRIVERS, NOW, type TestApp } from '../support/testApp';

describe.each(DRIVERS)('bind codes on %s', (driver) => {
  let t: TestApp;
  const wechatIdOf = async (id: number) => (await t.app.db.getRepository(StaffUser).findOneByOrFail({ id })).wechatId;
  const refused = (work: Promise<unknown>, code: string) => expect(work).rejects.toMatchObject({ name: 'DomainError', code });

  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  beforeEach(() => {
    t.clock.now = NOW;
  });
  afterAll(() => t.close());

  it('issues an 8-digit code valid 24 h, stores only its hash, and binds once', async () => {
    const issued = await issueBindCode(t.app, 'cadreA1');
    expect(issued.code).toMatch(/^\d{8}$/);
    expect(issued.expiresAt.getTime() - NOW.getTime()).toBe(24 * 3600 * 1000);
    const rows = await t.app.db.getRepository(BindCode).findBy({ staffId: t.users.cadreA1 });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(issued.code);

    expect(await bindChatAccount(t.app, issued.code, 'wx-a1')).toEqual({ staffId: t.users.cadreA1, name: 'cadreA1' });
    expect(await wechatIdOf(t.users.cadreA1)).toBe('wx-a1');
    await refused(bindChatAccount(t.app, issued.code, 'wx-a1'), 'bind_code_invalid');
    expect(await t.app.db.getRepository(CaseEvent).count()).toBe(0);
  });

  it('refuses an expired code, and an older code once a new one is issued', async () => {
    const old = await issueBindCode(t.app, 'cadreA2');
    const fresh = await issueBindCode(t.app, 'cadreA2');
    await refused(bindChatAccount(t.app, old.code, 'wx-a2'), 'bind_code_invalid');
    t.clock.now = new Date(NOW.getTime() + 24 * 3600 * 1000 + 1);
    await refused(bindChatAccount(t.app, fresh.code, 'wx-a2'), 'bind_code_expired');
    expect(await wechatIdOf(t.users.cadreA2)).toBeNull();
  });

  it('refuses a contact already bound to another account, in plain Chinese, and keeps the code usable', async () => {
    const first = await issueBindCode(t.app, 'cadreB1');
    await bindChatAccount(t.app, first.code, 'wx-shared');
    const second = await issueBindCode(t.app, 'cadreA1b');
    const attempt = bindChatAccount(t.app, second.code, 'wx-shared');
    await expect(attempt).rejects.toThrow('这个微信已经绑定了另一个工作人员账号');
    expect(await wechatIdOf(t.users.cadreA1b)).toBeNull();
    await unbindChatAccount(t.app, 'cadreB1');
    await bindChatAccount(t.app, second.code, 'wx-shared');
    expect(await wechatIdOf(t.users.cadreA1b)).toBe('wx-shared');
  });

  it('rebinding an account moves it to the new contact', async () => {
    await bindChatAccount(t.app, (await issueBindCode(t.app, 'townA')).code, 'wx-old-phone');
    await bindChatAccount(t.app, (await issueBindCode(t.app, 'townA')).code, 'wx-new-phone');
    expect(await wechatIdOf(t.users.townA)).toBe('wx-new-phone');
  });

  it('stops guessing after a few wrong codes from one contact', async () => {
    const limiter = new BindAttemptLimiter(() => t.clock.now);
    const valid = await issueBindCode(t.app, 'townB');
    for (let i = 0; i < BIND_MAX_FAILURES; i++) await refused(bindChatAccount(t.app, '00000000', 'wx-guesser', limiter), 'bind_code_invalid');
    await refused(bindChatAccount(t.app, valid.code, 'wx-guesser', limiter), 'bind_locked');
    t.clock.now = new Date(NOW.getTime() + 16 * 60 * 1000);
    await expect(bindChatAccount(t.app, valid.code, 'wx-guesser', limiter)).resolves.toMatchObject({ staffId: t.users.townB });
  });

  it('names unknown accounts and malformed codes', async () => {
    await refused(issueBindCode(t.app, 'nobody'), 'unknown_user');
    const error = await bindChatAccount(t.app, '12 34', 'wx-x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toBe('绑定码是8位数字，请核对');
  });
});
