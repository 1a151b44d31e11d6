import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Safe mode (安全模式) of the Official Account push: AES-256-CBC with the key and IV taken from the
 * 43-character EncodingAESKey, PKCS#7 padding to a 32-byte block (not AES's 16), and a plaintext
 * of random(16) + length(4, big-endian) + message + appid. The appid at the end says which
 * account the message was meant for: a message for another account is refused.
 */
const BLOCK = 32;

export class MessageCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MessageCryptoError';
  }
}

export interface AesKey {
  key: Buffer;
  iv: Buffer;
}

export function aesKeyFrom(encodingAesKey: string): AesKey {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (encodingAesKey.length !== 43 || key.length !== 32) throw new MessageCryptoError('EncodingAESKey must be 43 characters (32 bytes in base64)');
  return { key, iv: key.subarray(0, 16) };
}

function unpad(padded: Buffer): Buffer {
  const pad = padded.length > 0 ? padded[padded.length - 1] : 0;
  if (pad < 1 || pad > BLOCK || pad > padded.length) throw new MessageCryptoError('bad padding');
  for (let i = padded.length - pad; i < padded.length; i++) if (padded[i] !== pad) throw new MessageCryptoError('bad padding');
  return padded.subarray(0, padded.length - pad);
}

/** The message inside an Encrypt text; throws MessageCryptoError when it is not for `appId` or not well formed. */
export function decryptMessage(aes: AesKey, encrypted: string, appId: string): string {
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) throw new MessageCryptoError('ciphertext is not whole AES blocks');
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', aes.key, aes.iv);
    decipher.setAutoPadding(false);
    plain = unpad(Buffer.concat([decipher.update(data), decipher.final()]));
  } catch (error) {
    if (error instanceof MessageCryptoError) throw error;
    throw new MessageCryptoError('cannot decrypt');
  }
  if (plain.length < 20) throw new MessageCryptoError('plaintext too short');
  const length = plain.readUInt32BE(16);
  if (20 + length > plain.length) throw new MessageCryptoError('message length out of range');
  const receiver = plain.subarray(20 + length).toString('utf8');
  if (receiver !== appId) throw new MessageCryptoError('message is for another appid');
  return plain.subarray(20, 20 + length).toString('utf8');
}

/** The Encrypt text of a passive reply. `random` is for tests (WeChat's worked example fixes it). */
export function encryptMessage(aes: AesKey, message: string, appId: string, random: Buffer = randomBytes(16)): string {
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const plain = Buffer.concat([random, length, body, Buffer.from(appId, 'utf8')]);
  const pad = BLOCK - (plain.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', aes.key, aes.iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}
