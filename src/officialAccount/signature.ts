import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * WeChat's push signature: SHA-1 (hex) of the parts sorted as strings and joined. The URL check
 * and every push sign (token, timestamp, nonce); safe mode's msg_signature adds the Encrypt text.
 */
export function pushSignature(parts: readonly string[]): string {
  return createHash('sha1').update([...parts].sort().join('')).digest('hex');
}

/** Compares in constant time, so a forger learns nothing from how fast a guess is refused. */
export function signatureMatches(expected: string, given: string | undefined): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given.toLowerCase()));
}
