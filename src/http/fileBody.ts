import type { Context } from 'koa';
import { DomainError } from '../domain/errors';

/**
 * An uploaded file sent as the request body itself (Content-Type: the file's type or
 * application/octet-stream), read whole up to `limit` bytes. Not JSON with base64 (a third
 * larger, and the 64 kB JSON limit stays for everything else) and not multipart (one file needs
 * no envelope). The global body parser reads JSON only, so this stream is still unread here.
 */
export async function readFileBody(ctx: Context, limit: number, tooLarge: string): Promise<Buffer> {
  if (ctx.is('application/json', 'application/x-www-form-urlencoded', 'multipart/form-data')) {
    throw new DomainError('unsupported_media', '请直接上传文件本身（Content-Type: application/octet-stream），不要放在JSON或表单里', 415);
  }
  // The file is kept byte for byte: a compressed body would be stored compressed, unreadable later.
  const encoding = ctx.get('content-encoding').trim().toLowerCase();
  if (encoding && encoding !== 'identity') throw new DomainError('unsupported_encoding', '上传文件请不要压缩（不要设置 Content-Encoding）', 415);
  // Refused before a byte is read when the client says how big it is; counted as it comes otherwise.
  if (Number(ctx.get('content-length')) > limit) throw new DomainError('too_large', tooLarge, 413);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new DomainError('too_large', tooLarge, 413);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
