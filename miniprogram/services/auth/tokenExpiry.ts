/**
 * Whether a saved token has run out by this phone's clock. The server ignores a stale token on
 * routes anyone may use — declaring included — so a declaration sent with one would be filed
 * without the resident and missing from 我的申报. Reading the JWT's own `exp` lets the resident
 * log in first. A minute early, for clocks that run a little slow; anything that is not a
 * readable JWT counts as not expired and is left to the server's 401.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const MARGIN_MS = 60_000;

/** base64url → text; the claims are ASCII, so each byte is one character. */
function decodeSegment(segment: string): string | null {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const char of segment) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) return null;
    value = (value << 6) | index;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((value >> bits) & 0xff);
    }
  }
  return out;
}

export function tokenExpired(token: string, nowMs: number): boolean {
  const payload = token.split('.')[1];
  const text = payload ? decodeSegment(payload) : null;
  if (!text) return false;
  try {
    const exp: unknown = (JSON.parse(text) as { exp?: unknown }).exp;
    return typeof exp === 'number' && exp * 1000 <= nowMs + MARGIN_MS;
  } catch {
    return false;
  }
}
