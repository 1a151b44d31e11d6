import { hashPassword, passwordWeakness, verifyPassword } from '../../src/security/passwords';

describe('hashPassword / verifyPassword', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('Tq7#mVx2pL');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(stored).not.toContain('Tq7#mVx2pL');
    await expect(verifyPassword('Tq7#mVx2pL', stored)).resolves.toBe(true);
    await expect(verifyPassword('Tq7#mVx2pl', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  it('salts: the same password hashes differently each time, and both verify', async () => {
    const [a, b] = await Promise.all([hashPassword('same-Pass9'), hashPassword('same-Pass9')]);
    expect(a).not.toBe(b);
    await expect(verifyPassword('same-Pass9', a)).resolves.toBe(true);
    await expect(verifyPassword('same-Pass9', b)).resolves.toBe(true);
  });

  it('refuses a stored value of another scheme', async () => {
    await expect(verifyPassword('x', 'bcrypt$abc')).resolves.toBe(false);
    await expect(verifyPassword('x', '')).resolves.toBe(false);
  });
});

describe('passwordWeakness', () => {
  it('refuses short passwords', () => {
    expect(passwordWeakness('Ab1!x', 'zhangsan')).toBe('密码至少8位');
  });

  it('refuses very long passwords', () => {
    expect(passwordWeakness(`Ab1!${'x'.repeat(125)}`, 'zhangsan')).toBe('密码最多128位');
  });

  it('refuses one kind of character only', () => {
    expect(passwordWeakness('mvkqxtpz', 'zhangsan')).toBe('密码需包含字母、数字或符号中的至少两种');
    expect(passwordWeakness('82957316', 'zhangsan')).toBe('密码需包含字母、数字或符号中的至少两种');
  });

  it('refuses a password containing the username, ignoring case', () => {
    expect(passwordWeakness('ZhangSan#97', 'zhangsan')).toBe('密码不能包含用户名');
  });

  it('refuses sequences and well-known words', () => {
    for (const pw of ['Xk!1234zz', 'zz6789Mq!', 'Abcd!9xz', 'qwer#Tyu8', 'Password!9']) {
      expect(passwordWeakness(pw, 'zhangsan')).toBe('密码太容易猜到');
    }
  });

  it('accepts a good password', () => {
    expect(passwordWeakness('Tq7#mVx2pL', 'zhangsan')).toBeNull();
    expect(passwordWeakness('grassland-72', 'admin')).toBeNull();
  });
});
