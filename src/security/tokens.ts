import { webcrypto } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

/**
 * Bearer tokens are standard JWTs (RFC 7519) signed with HS256 through `jose`: stateless, so any
 * API process can check them, and a format every security reviewer already knows. Each kind of
 * user has its own audience, so a token issued to a resident can never pass as a staff token
 * even if a claim were mixed up.
 */
export const TOKEN_ISSUER = 'shenbao';
export const TOKEN_KINDS = ['resident', 'staff'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];
export const audienceFor = (kind: TokenKind) => `shenbao:${kind}`;

const positiveId = z.string().regex(/^[1-9]\d{0,15}$/);
const payloadSchema = z.object({
  iss: z.literal(TOKEN_ISSUER),
  aud: z.enum(TOKEN_KINDS.map(audienceFor) as [string, ...string[]]),
  sub: positiveId,
  iat: z.number().int(),
  exp: z.number().int(),
});

export const claimsSchema = z.object({ kind: z.enum(TOKEN_KINDS), sub: z.number().int().positive(), iat: z.number().int(), exp: z.number().int() });
export type Claims = z.infer<typeof claimsSchema>;

/**
 * Three base64url segments without padding. jose decodes leniently (a trailing `=` or other
 * values in the unused low bits of the last character decode to the same bytes), which would
 * let one genuine signature be written several ways; the format check and the round trip below
 * accept exactly one spelling.
 */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const canonicalSegment = (segment: string) => Buffer.from(segment, 'base64url').toString('base64url') === segment;

const VERIFIED_TOKENS = 10_000;

export class TokenSigner {
  // Imported once: handed raw bytes, jose imports the key again for every token it checks.
  private readonly key: Promise<webcrypto.CryptoKey>;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = webcrypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  }

  async sign(claims: { kind: TokenKind; sub: number }, now: Date): Promise<string> {
    const iat = Math.floor(now.getTime() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(TOKEN_ISSUER)
      .setAudience(audienceFor(claims.kind))
      .setSubject(String(claims.sub))
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.ttlSeconds)
      .sign(await this.key);
  }

  /**
   * Tokens whose signature was checked, by their exact text: a mini-program or a console sends the
   * same token with every request, and WebCrypto's HMAC (a thread-pool job per check) was a sixth
   * of a declaration's CPU. Only genuine tokens get in, so the bound only caps memory; expiry and
   * kind are checked again on every use.
   */
  private readonly verified = new Map<string, Claims>();

  /** Null for anything forged, malformed, non-canonical, expired or meant for another kind. */
  async verify(token: string, now: Date, kinds: readonly TokenKind[] = TOKEN_KINDS): Promise<Claims | null> {
    const known = this.verified.get(token);
    if (known) return known.exp > now.getTime() / 1000 && kinds.includes(known.kind) ? known : null;
    const claims = await this.check(token, now, kinds);
    if (claims) {
      if (this.verified.size >= VERIFIED_TOKENS) this.verified.clear();
      this.verified.set(token, claims);
    }
    return claims;
  }

  private async check(token: string, now: Date, kinds: readonly TokenKind[]): Promise<Claims | null> {
    if (token.length > 2048 || !COMPACT_JWS.test(token)) return null;
    const segments = token.split('.');
    if (!segments.every(canonicalSegment)) return null;
    try {
      const { payload } = await jwtVerify(token, await this.key, {
        algorithms: ['HS256'],
        typ: 'JWT',
        issuer: TOKEN_ISSUER,
        audience: kinds.map(audienceFor),
        requiredClaims: ['iat', 'exp', 'sub'],
        currentDate: now,
      });
      const parsed = payloadSchema.safeParse(payload);
      if (!parsed.success) return null;
      const { aud, sub, iat, exp } = parsed.data;
      // A token never lives longer than this service's ttl, whatever its exp says. An iat ahead of
      // this clock is not refused: API processes' clocks drift apart by a little, and a token
      // minted by a neighbour a second ahead is still genuine.
      if (exp - iat > this.ttlSeconds) return null;
      const kind = TOKEN_KINDS.find((k) => audienceFor(k) === aud) as TokenKind;
      return { kind, sub: Number(sub), iat, exp };
    } catch {
      return null;
    }
  }
}
