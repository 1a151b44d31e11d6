import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppContext } from '../../src/app';
import { DomainError } from '../../src/domain/errors';
import { createLogger } from '../../src/logger';
import { staffLogin } from '../../src/services/auth';
import type { AppContext } from '../../src/services/context';
import { ACCOUNT_WIDE } from '../../src/services/loginThrottle';
import { setStaffPassword } from '../../src/services/staffAdmin';
import { LoginThrottle, StaffUser } from '../../src/store/entities';
import { createTestApp, DRIVERS, PASSWORD, type TestApp } from '../support/testApp';

// Counted, not replaced: every call still derives the real key (passwords.ts looks scrypt up per call).
// require, not import *: the spy must sit on the module object passwords.ts calls into.
const nodeCrypto = require('node:crypto') as typeof import('node:crypto');

const HOLDER = '203.0.113.5';
const STRANGER = '198.51.100.7';
const WRONG = 'Wrong-pass-9';

/** The code each attempt ended with: 'ok', or the refusal's code. */
async function outcome(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
    return 'ok';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

const tally = (codes: string[]) => codes.reduce<Record<string, number>>((counts, code) => ({ ...counts, [code]: (counts[code] ?? 0) + 1 }), {});

describe.each(DRIVERS)('login throttling on %s', (driver) => {
  let t: TestApp;
  let second: AppContext;
  let dir: string;
  const login = (username: string, password: string, address: string, app: AppContext = t.app) => outcome(staffLogin(app, { username, password }, address));
  const later = (ms: number) => {
    t.clock.now = new Date(t.clock.now.getTime() + ms);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shenbao-throttle-'));
    // SQLite on a file, so a second context is a second connection as another process would have.
    t = await createTestApp(driver, driver === 'sqlite' ? { DATABASE_URL: `sqlite:${join(dir, 'throttle.db')}` } : {});
    second = await createAppContext(t.app.config, { logger: createLogger('silent'), clock: () => t.clock.now });
  });
  afterAll(async () => {
    await second.db.destroy();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await t.app.db.getRepository(LoginThrottle).clear();
  });

  it('checks only five of 60 concurrent wrong passwords, sent through two processes; the rest wait', async () => {
    const scrypt = jest.spyOn(nodeCrypto, 'scrypt');
    const codes = await Promise.all(Array.from({ length: 60 }, (_, i) => login('cadreB1', WRONG, STRANGER, i % 2 ? second : t.app)));
    expect(tally(codes)).toEqual({ login_failed: 5, login_throttled: 55 });
    expect(scrypt).toHaveBeenCalledTimes(5);
    const row = await t.app.db.getRepository(LoginThrottle).findOneByOrFail({ username: 'cadreb1', address: STRANGER });
    expect(row).toMatchObject({ failures: 5, blockedUntil: new Date(t.clock.now.getTime() + 30_000) });
  });

  it('makes the guessing address wait longer each time, and never holds the holder at their own address', async () => {
    for (let i = 0; i < 5; i++) expect(await login('cadreB1', WRONG, STRANGER)).toBe('login_failed');
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const refusal = await staffLogin(t.app, { username: 'cadreB1', password: WRONG }, STRANGER).catch((error: DomainError) => error);
      expect(refusal).toMatchObject({ code: 'login_throttled', status: 429 });
      const seconds = (refusal as DomainError).details?.retryAfterSeconds as number;
      waits.push(seconds);
      later(seconds * 1000);
      expect(await login('cadreB1', WRONG, STRANGER)).toBe('login_failed');
    }
    expect(waits).toEqual([30, 60, 120]);
    expect(await login('cadreB1', PASSWORD, HOLDER)).toBe('ok');
    // Even the right password waits at the guessing address: it is throttled, not the account.
    expect(await login('cadreB1', PASSWORD, STRANGER)).toBe('login_throttled');
  });

  it('holds an account guessed at from 50 addresses for new addresses only: the holder signs in from a known one, a reset lifts it', async () => {
    expect(await login('cadreB1', PASSWORD, HOLDER)).toBe('ok');
    for (let i = 0; i < 50; i++) expect(await login('cadreB1', WRONG, `10.0.${i}.1`)).toBe('login_failed');
    const refusal = await staffLogin(t.app, { username: 'cadreB1', password: PASSWORD }, '10.9.9.9').catch((error: DomainError) => error);
    expect(refusal).toMatchObject({ code: 'login_throttled', message: '这个账号近期登录失败次数太多，请1分钟后再试，或请管理员重置密码' });
    expect(await login('cadreB1', PASSWORD, HOLDER)).toBe('ok');
    await setStaffPassword(t.app.db.manager, 'cadreB1', PASSWORD, t.clock.now);
    expect(await t.app.db.getRepository(LoginThrottle).countBy({ username: 'cadreb1' })).toBe(0);
    expect(await login('cadreB1', PASSWORD, '10.9.9.9')).toBe('ok');
  });

  it('answers an unknown or disabled name exactly as a wrong password, after the same scrypt, and throttles it alike', async () => {
    await t.app.db.getRepository(StaffUser).update(t.users.cadreA2, { active: false });
    try {
      for (const username of ['cadreB1', 'ghost-user', 'cadreA2']) {
        const scrypt = jest.spyOn(nodeCrypto, 'scrypt');
        const answers = [];
        for (let i = 0; i < 6; i++) answers.push(await staffLogin(t.app, { username, password: i === 5 ? PASSWORD : WRONG }, STRANGER).catch((error: DomainError) => ({ status: error.status, code: error.code, message: error.message })));
        expect(answers).toEqual([
          ...Array.from({ length: 5 }, () => ({ status: 401, code: 'login_failed', message: '用户名或密码不正确' })),
          { status: 429, code: 'login_throttled', message: '登录失败次数太多，请30秒后再试' },
        ]);
        // One derivation per checked attempt, with the parameters real hashes use.
        expect(scrypt).toHaveBeenCalledTimes(5);
        for (const call of scrypt.mock.calls) expect(call.slice(2, 4)).toEqual([32, { N: 16384, r: 8, p: 1 }]);
        scrypt.mockRestore();
      }
    } finally {
      await t.app.db.getRepository(StaffUser).update(t.users.cadreA2, { active: true });
    }
  });

  it('counts a name however it is capitalised, and forgets failures after a day', async () => {
    for (const username of ['cadreB1', 'CADREB1', 'CadreB1', 'cadreb1', 'CADREb1']) await login(username, WRONG, STRANGER);
    expect(await login('Cadreb1', WRONG, STRANGER)).toBe('login_throttled');
    expect(await t.app.db.getRepository(LoginThrottle).findOneByOrFail({ username: 'cadreb1', address: ACCOUNT_WIDE })).toMatchObject({ failures: 5 });
    later(24 * 3600_000);
    expect(await login('cadreB1', PASSWORD, STRANGER)).toBe('ok');
  });
});
