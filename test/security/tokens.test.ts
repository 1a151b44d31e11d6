import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { TokenSigner } from '../../src/security/tokens';

const SECRET = 'a'.repeat(32);
const KEY = new TextEncoder().encode(SECRET);
const NOW = new Date('2026-06-15T04:00:00Z');
const NOW_S = Math.floor(NOW.getTime() / 1000);
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A token signed with the service's own secret, as an attacker who knew the format (not the rules) would make it. */
function craft(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }, alg = 'HS256') {
  return new SignJWT(claims).setProtectedHeader({ ...header, alg } as { alg: string }).sign(KEY);
}
const good = { iss: 'shenbao', aud: 'shenbao:staff', sub: '7', iat: NOW_S, exp: NOW_S + 3600 };

describe('TokenSigner', () => {
  const signer = new TokenSigner(SECRET, 3600);

  it('signs a standard HS256 JWT with iss, aud per kind, sub, iat and exp = now + ttl', async () => {
    const token = await signer.sign({ kind: 'staff', sub: 7 }, NOW);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decodeJwt(token)).toEqual({ iss: 'shenbao', aud: 'shenbao:staff', sub: '7', iat: NOW_S, exp: NOW_S + 3600 });
    expect(await signer.verify(token, NOW)).toEqual({ kind: 'staff', sub: 7, iat: NOW_S, exp: NOW_S + 3600 });
    const resident = await signer.sign({ kind: 'resident', sub: 42 }, NOW);
    expect(decodeJwt(resident).aud).toBe('shenbao:resident');
    expect(await signer.verify(resident, NOW)).toMatchObject({ kind: 'resident', sub: 42 });
  });

  it('expires after the ttl', async () => {
    const token = await signer.sign({ kind: 'resident', sub: 1 }, NOW);
    expect(await signer.verify(token, later(3599))).not.toBeNull();
    expect(await signer.verify(token, later(3600))).toBeNull();
    expect(await signer.verify(token, later(86_400))).toBeNull();
  });

  it('accepts only the audiences asked for', async () => {
    const resident = await signer.sign({ kind: 'resident', sub: 1 }, NOW);
    expect(await signer.verify(resident, NOW, ['staff'])).toBeNull();
    expect(await signer.verify(resident, NOW, ['resident'])).toMatchObject({ kind: 'resident' });
    // Checked once, remembered: the kind and the expiry are still asked every time.
    expect(await signer.verify(resident, NOW, ['staff'])).toBeNull();
    expect(await signer.verify(resident, later(3600), ['resident'])).toBeNull();
    expect(await signer.verify(resident, later(10), ['resident'])).toMatchObject({ kind: 'resident' });
  });

  it('refuses a tampered payload', async () => {
    const token = await signer.sign({ kind: 'staff', sub: 7 }, NOW);
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...good, sub: '1' })).toString('base64url');
    expect(await signer.verify(`${header}.${forged}.${signature}`, NOW)).toBeNull();
  });

  it('refuses a tampered signature', async () => {
    const token = await signer.sign({ kind: 'staff', sub: 7 }, NOW);
    const [header, payload, signature] = token.split('.');
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    expect(await signer.verify(`${header}.${payload}.${flipped}`, NOW)).toBeNull();
    expect(await signer.verify(`${header}.${payload}.${signature.slice(0, -2)}`, NOW)).toBeNull();
    expect(await signer.verify(`${header}.${payload}.`, NOW)).toBeNull();
  });

  it('refuses every other spelling of a genuine signature', async () => {
    const token = await signer.sign({ kind: 'staff', sub: 7 }, NOW);
    const [header, payload, signature] = token.split('.');
    const last = B64URL.indexOf(signature[signature.length - 1]);
    // 32 bytes in 43 characters: the last character's two low bits carry nothing, so three
    // other characters decode to the very same signature.
    const sameBytes = [1, 2, 3].map((bits) => signature.slice(0, -1) + B64URL[last ^ bits]);
    for (const variant of sameBytes) expect(Buffer.from(variant, 'base64url').equals(Buffer.from(signature, 'base64url'))).toBe(true);
    const variants = [...sameBytes, `${signature}=`, `${signature}==`, signature.replace(/-/g, '+').replace(/_/g, '/') + (/[-_]/.test(signature) ? '' : '+'), ` ${signature}`];
    for (const variant of variants) expect(await signer.verify(`${header}.${payload}.${variant}`, NOW)).toBeNull();
    expect(await signer.verify(`${header}=.${payload}.${signature}`, NOW)).toBeNull();
    expect(await signer.verify(`${token}.`, NOW)).toBeNull();
    expect(await signer.verify(token, NOW)).not.toBeNull();
  });

  it('refuses a token signed with another secret', async () => {
    const token = await new TokenSigner('b'.repeat(32), 3600).sign({ kind: 'staff', sub: 7 }, NOW);
    expect(await signer.verify(token, NOW)).toBeNull();
  });

  it('refuses malformed tokens', async () => {
    for (const token of ['', 'abc', '.', 'abc.', '.abc', 'a.b', 'a.b.c', 'a.b.c.d', '..', 'x'.repeat(5000)]) expect(await signer.verify(token, NOW)).toBeNull();
  });

  it('refuses an unsigned token and other algorithms, even with the right secret', async () => {
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(good)).toString('base64url')}.`;
    expect(await signer.verify(unsigned, NOW)).toBeNull();
    expect(await signer.verify(await craft(good, { typ: 'JWT' }, 'HS512'), NOW)).toBeNull();
    expect(await signer.verify(await craft(good), NOW)).toEqual({ kind: 'staff', sub: 7, iat: NOW_S, exp: NOW_S + 3600 });
  });

  it('refuses correctly signed claims that break the rules', async () => {
    const cases: Record<string, unknown>[] = [
      { ...good, aud: 'shenbao:root' },
      { ...good, aud: ['shenbao:staff', 'shenbao:resident'] },
      { ...good, iss: 'someone-else' },
      { ...good, sub: 'admin' },
      { ...good, sub: '0' },
      { ...good, sub: 7 },
      { ...good, exp: undefined },
      { ...good, iat: undefined },
      { ...good, iat: NOW_S, exp: NOW_S + 3601 }, // lives longer than the ttl
      { ...good, iat: NOW_S - 7200, exp: NOW_S + 3600 },
    ];
    for (const claims of cases) expect(await signer.verify(await craft(claims), NOW)).toBeNull();
    expect(await signer.verify(await craft(good, { typ: 'at+jwt' }), NOW)).toBeNull();
  });

  it('accepts a token from a process whose clock runs a little ahead', async () => {
    const ahead = await new TokenSigner(SECRET, 3600).sign({ kind: 'staff', sub: 7 }, later(2));
    expect(await signer.verify(ahead, NOW)).toMatchObject({ kind: 'staff', sub: 7 });
  });
});
