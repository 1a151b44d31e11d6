import { aesKeyFrom, decryptMessage, encryptMessage, MessageCryptoError } from '../../../src/officialAccount/messageCrypto';
import { PushXmlError, readEnvelope, readPush, textReplyXml } from '../../../src/officialAccount/pushXml';
import { pushSignature, signatureMatches } from '../../../src/officialAccount/signature';

/**
 * WeChat's worked examples, checked byte for byte:
 * - URL/push signature: the 明文模式 example of 消息加解密说明
 *   (developers.weixin.qq.com/doc/subscription/guide/dev/push/encryption.md): Token "AAAAA".
 * - Safe-mode decryption: the decrypt case of WeChat's sample code for WXBizMsgCrypt
 *   (cryptoDemo, Sample.py / Sample.cpp): msg_signature and Encrypt for token "spamtest".
 * - Safe-mode encryption: the encrypt case of the same sample code's Java test
 *   (WXBizMsgCryptTest: random "aaaabbbbccccdddd", message "我是中文abcd123").
 */
const SAMPLE_AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const SAMPLE_ENCRYPT =
  'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=';

describe('push signatures (WeChat’s plain-mode example)', () => {
  it('signs sorted token, timestamp and nonce', () => {
    expect(pushSignature(['AAAAA', '1714037059', '486452656'])).toBe('899cf89e464efb63f54ddac96b0a0a235f53aa78');
  });
  it('matches only the exact signature', () => {
    const good = pushSignature(['AAAAA', '1714037059', '486452656']);
    expect(signatureMatches(good, '899cf89e464efb63f54ddac96b0a0a235f53aa78')).toBe(true);
    expect(signatureMatches(good, '899cf89e464efb63f54ddac96b0a0a235f53aa79')).toBe(false);
    expect(signatureMatches(good, undefined)).toBe(false);
    expect(signatureMatches(good, '')).toBe(false);
  });
});

describe('safe mode (WeChat’s sample-code vectors)', () => {
  const aes = aesKeyFrom(SAMPLE_AES_KEY);

  it('checks msg_signature over token, timestamp, nonce and Encrypt', () => {
    expect(pushSignature(['spamtest', '1409735669', '1320562132', SAMPLE_ENCRYPT])).toBe('5d197aaffba7e9b25a30732f161a50dee96bd5fa');
  });

  it('decrypts the sample push and finds the text message inside, for its appid', () => {
    const xml = decryptMessage(aes, SAMPLE_ENCRYPT, 'wx2c2769f8efd9abc2');
    expect(readPush(xml)).toEqual({
      ToUserName: 'gh_10f6c3c3ac5a',
      FromUserName: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
      CreateTime: '1409735668',
      MsgType: 'text',
      Content: 'abcdteT',
      // Kept as text: as a JavaScript number it would round to 6054768590064714000.
      MsgId: '6054768590064713728',
    });
  });

  it('refuses the sample push for another appid', () => {
    expect(() => decryptMessage(aes, SAMPLE_ENCRYPT, 'wx0000000000000000')).toThrow(MessageCryptoError);
  });

  it('encrypts like the sample with its fixed random prefix, 32-byte PKCS#7 padding included', () => {
    const encrypted = encryptMessage(aes, '我是中文abcd123', 'wxb11529c136998cb6', Buffer.from('aaaabbbbccccdddd'));
    expect(encrypted).toBe('jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==');
    expect(Buffer.from(encrypted, 'base64').length % 32).toBe(0);
    expect(decryptMessage(aes, encrypted, 'wxb11529c136998cb6')).toBe('我是中文abcd123');
  });

  it('pads a plaintext that fills whole blocks with a full block of 32', () => {
    // 16 random + 4 length + 8 message + 4 appid = 32 bytes: one block of padding follows.
    const encrypted = encryptMessage(aes, '12345678', 'wxid', Buffer.alloc(16, 1));
    expect(Buffer.from(encrypted, 'base64').length).toBe(64);
    expect(decryptMessage(aes, encrypted, 'wxid')).toBe('12345678');
  });

  it('refuses tampered ciphertext and broken keys', () => {
    const bytes = Buffer.from(SAMPLE_ENCRYPT, 'base64');
    bytes[bytes.length - 1] ^= 0xff;
    expect(() => decryptMessage(aes, bytes.toString('base64'), 'wx2c2769f8efd9abc2')).toThrow(MessageCryptoError);
    expect(() => decryptMessage(aes, 'bm90IGJsb2Nrcw==', 'wx2c2769f8efd9abc2')).toThrow(MessageCryptoError);
    expect(() => aesKeyFrom('tooShort')).toThrow(MessageCryptoError);
  });
});

describe('push XML', () => {
  it('reads the safe-mode envelope', () => {
    expect(readEnvelope('<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[abc=]]></Encrypt></xml>')).toBe('abc=');
  });

  it.each([
    ['not XML', 'hello'],
    ['unclosed', '<xml><MsgType>text</xml>'],
    ['another root', '<msg><MsgType>text</MsgType></msg>'],
    ['no sender', '<xml><ToUserName>gh</ToUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>'],
    ['a sender that is no openid', '<xml><ToUserName>gh</ToUserName><FromUserName>o x</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>'],
    ['entity declarations', '<!DOCTYPE xml [<!ENTITY a "aaaa">]><xml><ToUserName>&a;</ToUserName></xml>'],
  ])('refuses %s', (_, xml) => {
    expect(() => readPush(xml)).toThrow(PushXmlError);
  });

  it('writes a passive reply whose text survives CDATA terminators', () => {
    const xml = textReplyXml('o-user', 'gh_1', 1700000000, '没找到“]]><x>”。');
    const read = readPush(xml);
    expect(read).toMatchObject({ ToUserName: 'o-user', FromUserName: 'gh_1', CreateTime: '1700000000', MsgType: 'text', Content: '没找到“]]><x>”。' });
  });
});
