import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';

/**
 * The XML of the Official Account push: what WeChat posts (a message, an event, or safe mode's
 * envelope around an encrypted one) read into checked objects, and the passive replies written
 * back. Values stay strings: MsgId is a 64-bit number that a JavaScript number would round.
 */
export class PushXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PushXmlError';
  }
}

const parser = new XMLParser({ parseTagValue: false, ignoreAttributes: true, trimValues: true });
const CDATA = '#cdata';
const builder = new XMLBuilder({ cdataPropName: CDATA });

/** The children of the root <xml> element; throws PushXmlError for anything else. */
function readRoot(xml: string): unknown {
  // WeChat never declares a DOCTYPE; one here can only be an attempt at entity expansion.
  if (xml.includes('<!DOCTYPE') || xml.includes('<!ENTITY')) throw new PushXmlError('DOCTYPE not allowed');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new PushXmlError(`not well-formed XML: ${valid.err.msg}`);
  const doc = parser.parse(xml) as Record<string, unknown>;
  if (typeof doc.xml !== 'object' || doc.xml === null) throw new PushXmlError('no <xml> root element');
  return doc.xml;
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PushXmlError(`${issue.path.join('.') || 'xml'}: ${issue.message}`);
  }
  return parsed.data;
}

const envelopeSchema = z.object({ Encrypt: z.string().min(1).max(100_000) });

/** Safe mode: the Encrypt text of the envelope. */
export function readEnvelope(xml: string): string {
  return parseWith(envelopeSchema, readRoot(xml)).Encrypt;
}

const optionalText = (max: number) => z.string().max(max).optional();

/** One pushed message or event, the fields this service reads. */
export const pushSchema = z.object({
  ToUserName: z.string().min(1).max(64),
  /** The user's openid; it becomes part of stored ids, so only WeChat's alphabet is accepted. */
  FromUserName: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  CreateTime: z.string().regex(/^\d{1,12}$/),
  MsgType: z.string().min(1).max(32),
  MsgId: z
    .string()
    .regex(/^\d{1,20}$/)
    .optional(),
  Content: optionalText(4096),
  Recognition: optionalText(4096),
  Event: optionalText(64),
  EventKey: optionalText(512),
});
export type PushMessage = z.output<typeof pushSchema>;

export function readPush(xml: string): PushMessage {
  return parseWith(pushSchema, readRoot(xml));
}

/** A passive text reply (被动回复), from the account to the user who wrote. */
export function textReplyXml(to: string, from: string, createTime: number, content: string): string {
  return builder.build({
    xml: { ToUserName: { [CDATA]: to }, FromUserName: { [CDATA]: from }, CreateTime: createTime, MsgType: { [CDATA]: 'text' }, Content: { [CDATA]: content } },
  }) as string;
}

/** Safe mode's envelope around an encrypted passive reply. */
export function encryptedReplyXml(encrypt: string, signature: string, timestamp: string, nonce: string): string {
  return builder.build({
    xml: { Encrypt: { [CDATA]: encrypt }, MsgSignature: { [CDATA]: signature }, TimeStamp: timestamp, Nonce: { [CDATA]: nonce } },
  }) as string;
}
