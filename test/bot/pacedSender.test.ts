import { PacedSender, type ChatSender } from '../../bot/chatSender';

/** The account's send budget: replies and notices together, one at a time, at most N a second. */
describe('PacedSender', () => {
  function recorder(fail?: string) {
    const sent: { text: string; at: number }[] = [];
    const inner: ChatSender = {
      send: async (_to, text) => {
        if (text === fail) throw new Error('WeChat refused');
        sent.push({ text, at: Date.now() });
      },
      sendToRoom: async (_to, text) => {
        sent.push({ text, at: Date.now() });
      },
    };
    return { inner, sent };
  }

  it('spaces sends at least 1/rate apart, in the order they were asked for', async () => {
    const { inner, sent } = recorder();
    const paced = new PacedSender(inner, 20); // 50 ms apart
    await Promise.all([paced.send('a', '1'), paced.sendToRoom('r', '2'), paced.send('b', '3'), paced.send('a', '4')]);
    expect(sent.map((s) => s.text)).toEqual(['1', '2', '3', '4']);
    for (let i = 1; i < sent.length; i++) expect(sent[i].at - sent[i - 1].at).toBeGreaterThanOrEqual(45);
  });

  it('asks to wait the rest of the slot and passes a failure to its caller only', async () => {
    const { inner, sent } = recorder('bad');
    const waits: number[] = [];
    const paced = new PacedSender(inner, 1, async (ms) => {
      waits.push(ms);
    });
    const results = await Promise.allSettled([paced.send('a', 'ok'), paced.send('a', 'bad'), paced.send('a', 'after')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(sent.map((s) => s.text)).toEqual(['ok', 'after']);
    expect(waits).toHaveLength(2);
    for (const ms of waits) expect(ms).toBeGreaterThan(900);
  });

  it('spends one budget for sends and other calls through run(), on an injected clock', async () => {
    let now = 1_000;
    const at: [string, number][] = [];
    const inner: ChatSender = { send: async (_to, text) => void at.push([text, now]), sendToRoom: async () => undefined };
    const paced = new PacedSender(inner, 4, async (ms) => void (now += ms), () => now);
    const reply = paced.send('a', 'reply');
    const template = paced.run(async () => {
      at.push(['template', now]);
      return 'sent';
    });
    await Promise.all([reply, template, paced.send('b', 'notice')]);
    await expect(template).resolves.toBe('sent');
    expect(at).toEqual([
      ['reply', 1_000],
      ['template', 1_250],
      ['notice', 1_500],
    ]);
  });
});
