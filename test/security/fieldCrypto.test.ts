import { randomBytes } from 'node:crypto';
import { FieldCrypto } from '../../src/security/fieldCrypto';

const KEY_A = Buffer.alloc(32, 1);
const KEY_B = Buffer.alloc(32, 2);

/** Replaces the character at `index` of a base64url part with a different one, changing its bits. */
function flip(part: string, index: number): string {
  const c = part[index] === 'A' ? 'B' : 'A';
  return part.slice(0, index) + c + part.slice(index + 1);
}

describe('FieldCrypto', () => {
  const crypto = new FieldCrypto(KEY_A);

  it('round-trips text, including Chinese and the empty string', () => {
    for (const text of ['11010519491231002X', '巴特尔', '', 'a.b.c']) {
      expect(crypto.decrypt(crypto.encrypt(text))).toBe(text);
    }
  });

  it('never stores the plaintext and uses the v1 format', () => {
    const sealed = crypto.encrypt('13912345678');
    expect(sealed).not.toContain('13912345678');
    expect(sealed.split('.')).toHaveLength(4);
    expect(sealed.startsWith('v1.')).toBe(true);
  });

  it('uses a fresh IV: encrypting twice gives different ciphertexts', () => {
    const one = crypto.encrypt('same value');
    const two = crypto.encrypt('same value');
    expect(one).not.toBe(two);
    expect(one.split('.')[1]).not.toBe(two.split('.')[1]);
    expect(crypto.decrypt(one)).toBe('same value');
    expect(crypto.decrypt(two)).toBe('same value');
  });

  it('throws on a tampered ciphertext, tag or IV', () => {
    const [v, iv, tag, ct] = crypto.encrypt('11010519491231002X').split('.');
    expect(() => crypto.decrypt([v, iv, tag, flip(ct, 0)].join('.'))).toThrow();
    expect(() => crypto.decrypt([v, iv, flip(tag, 0), ct].join('.'))).toThrow();
    expect(() => crypto.decrypt([v, flip(iv, 0), tag, ct].join('.'))).toThrow();
  });

  it('throws on an unknown format', () => {
    const [, iv, tag, ct] = crypto.encrypt('x').split('.');
    expect(() => crypto.decrypt(['v2', iv, tag, ct].join('.'))).toThrow();
    expect(() => crypto.decrypt('not encrypted')).toThrow();
  });

  it('cannot be decrypted with a different key', () => {
    const sealed = crypto.encrypt('巴特尔');
    expect(() => new FieldCrypto(KEY_B).decrypt(sealed)).toThrow();
    expect(() => new FieldCrypto(randomBytes(32)).decrypt(sealed)).toThrow();
    expect(new FieldCrypto(Buffer.from(KEY_A)).decrypt(sealed)).toBe('巴特尔');
  });

  it('lookupHash is stable for one key, differs across keys and values', () => {
    const h1 = crypto.lookupHash('11010519491231002X');
    expect(h1).toMatch(/^[0-9a-f]{64}$/);
    expect(new FieldCrypto(Buffer.from(KEY_A)).lookupHash('11010519491231002X')).toBe(h1);
    expect(new FieldCrypto(KEY_B).lookupHash('11010519491231002X')).not.toBe(h1);
    expect(crypto.lookupHash('110105194912310021')).not.toBe(h1);
  });
});
