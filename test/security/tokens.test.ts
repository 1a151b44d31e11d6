import { createHmac } from 'node:crypto';
import { TokenSigner } from '../../src/security/tokens';

const SECRET = 'a'.repeat(32);
const NOW = new Date('2026-06-15T04:00:00Z');
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

describe('TokenSigner', () => {
  const signer = new TokenSigner(SECRET, 3600);

  it('signs claims that verify, with exp = now + ttl', () => {
    const token = signer.sign({ kind: 'staff', sub: 7 }, NOW);
    expect(signer.verify(token, NOW)).toEqual({ kind: 'staff', sub: 7, exp: Math.floor(NOW.getTime() / 1000) + 3600 });
    expect(signer.verify(signer.sign({ kind: 'resident', sub: 42 }, NOW), NOW)).toMatchObject({ kind: 'resident', sub: 42 });
  });

  it('expires after the ttl', () => {
    const token = signer.sign({ kind: 'resident', sub: 1 }, NOW);
    expect(signer.verify(token, later(3599))).not.toBeNull();
    expect(signer.verify(token, later(3600))).toBeNull();
    expect(signer.verify(token, later(86_400))).toBeNull();
  });

  it('refuses a tampered body', () => {
    const token = signer.sign({ kind: 'staff', sub: 7 }, NOW);
    const [, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ kind: 'staff', sub: 1, exp: Math.floor(NOW.getTime() / 1000) + 3600 })).toString('base64url');
    expect(signer.verify(`${forged}.${signature}`, NOW)).toBeNull();
  });

  it('refuses a tampered signature', () => {
    const token = signer.sign({ kind: 'staff', sub: 7 }, NOW);
    const [body, signature] = token.split('.');
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    expect(signer.verify(`${body}.${flipped}`, NOW)).toBeNull();
    expect(signer.verify(`${body}.${signature.slice(0, -2)}`, NOW)).toBeNull();
  });

  it('refuses a token signed with another secret', () => {
    const token = new TokenSigner('b'.repeat(32), 3600).sign({ kind: 'staff', sub: 7 }, NOW);
    expect(signer.verify(token, NOW)).toBeNull();
  });

  it('refuses malformed tokens', () => {
    for (const token of ['', 'abc', '.', 'abc.', '.abc', 'a.b.c']) expect(signer.verify(token, NOW)).toBeNull();
  });

  it('refuses correctly signed claims of an unknown shape', () => {
    // Sign a body of another shape with the same secret, exactly as the signer does.
    const body = Buffer.from(JSON.stringify({ kind: 'root', sub: 1, exp: 9_999_999_999 })).toString('base64url');
    const mac = createHmac('sha256', SECRET).update(body).digest('base64url');
    expect(signer.verify(`${body}.${mac}`, NOW)).toBeNull();
    const good = Buffer.from(JSON.stringify({ kind: 'staff', sub: 1, exp: 9_999_999_999 })).toString('base64url');
    expect(signer.verify(`${good}.${createHmac('sha256', SECRET).update(good).digest('base64url')}`, NOW)).toEqual({ kind: 'staff', sub: 1, exp: 9_999_999_999 });
  });
});
