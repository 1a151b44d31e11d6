import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Bearer tokens: `base64url(claims).base64url(HMAC-SHA256)`. Stateless, so any API process can
 * check them; short enough for the mini-program to keep in storage.
 */
export const claimsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('resident'), sub: z.number().int(), exp: z.number() }),
  z.object({ kind: z.literal('staff'), sub: z.number().int(), exp: z.number() }),
]);
export type Claims = z.infer<typeof claimsSchema>;

export class TokenSigner {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
  ) {}

  private mac(body: string): Buffer {
    return createHmac('sha256', this.secret).update(body).digest();
  }

  sign(claims: Omit<Claims, 'exp'>, now: Date): string {
    const body = Buffer.from(JSON.stringify({ ...claims, exp: Math.floor(now.getTime() / 1000) + this.ttlSeconds })).toString('base64url');
    return `${body}.${this.mac(body).toString('base64url')}`;
  }

  /** Null for anything forged, malformed or expired. */
  verify(token: string, now: Date): Claims | null {
    const parts = token.split('.');
    if (parts.length !== 2) return null;
    const [body, signature] = parts;
    if (!body || !signature) return null;
    const given = Buffer.from(signature, 'base64url');
    const expected = this.mac(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const claims = claimsSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
      return claims.exp * 1000 > now.getTime() ? claims : null;
    } catch {
      return null;
    }
  }
}
