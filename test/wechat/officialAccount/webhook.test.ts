import { pushSignature } from '../../../src/officialAccount/signature';
import { ChatMessageSeen, ChatSession, OfficialAccountUser } from '../../../src/store/entities';
import { rowCounts, DRIVERS } from '../../support/testApp';
import { nextMsgId, OA_TOKEN, pushXml, startOfficialAccountTest, textPush, type OfficialAccountTest } from './support/officialAccountApp';

/** The endpoint's edge: URL verification, signatures, safe mode, and what it refuses before doing anything. */
describe.each(DRIVERS)('the Official Account endpoint on %s', (driver) => {
  let oa: OfficialAccountTest;
  const now = () => Math.floor(oa.t.clock.now.getTime() / 1000);

  beforeAll(async () => {
    oa = await startOfficialAccountTest(driver);
  });
  afterAll(() => oa.close());

  /** Nothing at all written: no resident, dialogue, seen id, follower, case or notice. */
  async function nothingWritten(): Promise<void> {
    expect(await rowCounts(oa.t.app)).toEqual({ cases: 0, case_events: 0, outbox: 0, residents: 0 });
    expect(await oa.t.app.db.getRepository(ChatMessageSeen).count()).toBe(0);
    expect(await oa.t.app.db.getRepository(ChatSession).count()).toBe(0);
    expect(await oa.t.app.db.getRepository(OfficialAccountUser).count()).toBe(0);
    expect(oa.wechat.oaSends).toHaveLength(0);
  }

  describe('refused before anything is processed', () => {
    it('URL verification echoes echostr only with the right signature', async () => {
      const timestamp = '1714037059';
      const nonce = '486452656';
      const signature = pushSignature([OA_TOKEN, timestamp, nonce]);
      const ok = await oa.t.http.get('/wechat/oa').query({ signature, timestamp, nonce, echostr: '5678901234' }).expect(200);
      expect(ok.text).toBe('5678901234');
      const forged = await oa.t.http.get('/wechat/oa').query({ signature: pushSignature(['AAAAA', timestamp, nonce]), timestamp, nonce, echostr: '5678901234' }).expect(401);
      expect(forged.body).toEqual({ error: { code: 'bad_signature', message: '签名不对，请求不是来自微信' } });
      await oa.t.http.get('/wechat/oa').query({ timestamp, nonce, echostr: 'x' }).expect(401);
    });

    it('a push signed with another token → 401', async () => {
      const response = await oa.post(textPush('o-forger', '1', now()), { token: 'someoneElse' });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('bad_signature');
      await nothingWritten();
    });

    it('safe mode: a wrong msg_signature → 401', async () => {
      const timestamp = String(now());
      const nonce = '42';
      const response = await oa.t.http
        .post('/wechat/oa')
        .query({ signature: pushSignature([OA_TOKEN, timestamp, nonce]), timestamp, nonce, encrypt_type: 'aes', msg_signature: pushSignature([OA_TOKEN, timestamp, nonce, 'other']) })
        .set('content-type', 'text/xml')
        .send('<xml><ToUserName><![CDATA[gh]]></ToUserName><Encrypt><![CDATA[AAAAAAAAAAAAAAAAAAAAAA==]]></Encrypt></xml>');
      expect(response.status).toBe(401);
      await nothingWritten();
    });

    it.each([
      ['not XML', 'hello'],
      ['cut-off XML', '<xml><ToUserName>gh</ToUserName><FromUserName>o-1'],
      ['a message without sender', pushXml({ ToUserName: 'gh', CreateTime: 1, MsgType: 'text', Content: '1', MsgId: '1' })],
    ])('%s → 400', async (_, body) => {
      const response = await oa.post(body);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ error: { code: 'bad_xml', message: '消息内容不是有效的微信XML' } });
      await nothingWritten();
    });

    it('bad XML inside a well-signed safe-mode envelope → 400', async () => {
      const response = await oa.post('<xml><oops></xml>', { safe: true });
      expect(response.status).toBe(400);
      await nothingWritten();
    });

    it('an oversized body → 413', async () => {
      const response = await oa.post(textPush('o-big', '一'.repeat(20_000), now()));
      expect(response.status).toBe(413);
      expect(response.body.error.code).toBe('too_large');
      await nothingWritten();
    });

    it('JSON instead of XML → 415', async () => {
      const response = await oa.post('{"MsgType":"text"}', { contentType: 'application/json' });
      expect(response.status).toBe(415);
      await nothingWritten();
    });
  });

  it('plain mode: a text message gets a passive XML reply to the sender', async () => {
    const response = await oa.post(textPush('o-plain', '帮助', now()));
    expect(response.status).toBe(200);
    expect(response.type).toBe('application/xml');
    expect(response.text).toContain('<ToUserName><![CDATA[o-plain]]></ToUserName>');
    expect(oa.passive(response)).toContain('回复“申报”开始申报');
  });

  it('safe mode: the push is decrypted and the passive reply is encrypted and signed', async () => {
    const response = await oa.post(textPush('o-safe', '帮助', now(), nextMsgId()), { safe: true });
    expect(response.status).toBe(200);
    expect(response.text).not.toContain('申报');
    expect(response.text).toContain('<Encrypt>');
    expect(oa.passive(response)).toContain('回复“申报”开始申报');
  });
});
