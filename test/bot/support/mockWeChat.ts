import { log } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { ChatBot, type ChatBotOptions } from '../../../bot/chatBot';
import type { ReceiveOutcome } from '../../../bot/chatGateway';
import type { AppContext } from '../../../src/services/context';

/**
 * A WeChat made of wechaty-puppet-mock for bot tests. Each (re)start of the bot gets a fresh
 * mocker holding the same people and groups under the same ids (a restarted bot sees the same
 * contacts, as a real account does); what each person receives from the bot is collected across
 * restarts. Tests poll for what they expect with a deadline, never a fixed sleep.
 */
log.level('silent');

export const BOT_ID = 'bot-self';
export const ROOM_ID = 'village-group@chatroom';

interface Person {
  id: string;
  name: string;
}

export class MockWeChat {
  mocker!: mock.Mocker;
  /** Texts the bot sent to each contact (private) or into each room, in order. */
  readonly received = new Map<string, string[]>();
  private readonly people: Person[];

  constructor(people: Person[]) {
    this.people = [{ id: BOT_ID, name: 'Bot' }, ...people];
  }

  /** The puppet factory for ChatBotOptions: a new mocker with the same people each time. */
  readonly puppet = (): PuppetMock => {
    this.mocker = new mock.Mocker();
    for (const person of this.people) {
      const contact = this.mocker.createContact({ id: person.id, name: person.name });
      if (person.id === BOT_ID) continue;
      contact.on('message', (message) => {
        if (message.talker().id === BOT_ID && !message.room()) this.inbox(person.id).push(message.text() ?? '');
      });
    }
    const room = this.mocker.createRoom({ id: ROOM_ID, topic: '兴科居委会群', memberIdList: this.people.map((p) => p.id) });
    room.on('message', (message) => {
      if (message.talker().id === BOT_ID) this.inbox(ROOM_ID).push(message.text() ?? '');
    });
    return new PuppetMock({ mocker: this.mocker });
  };

  inbox(id: string): string[] {
    let list = this.received.get(id);
    if (!list) this.received.set(id, (list = []));
    return list;
  }

  contact(id: string) {
    return this.mocker.ContactMock.load(id);
  }

  /** Logs the bot's account in (the mock never emits `ready`: `login` is the signal). */
  async login(bot: ChatBot): Promise<void> {
    const loggedIn = new Promise<void>((resolve) => bot.once('login', () => resolve()));
    this.mocker.login(this.contact(BOT_ID));
    await loggedIn;
  }

  /** A private message from `from` to the bot; returns its message id. */
  say(from: string, text: string): string {
    return this.lastMessageAfter(() => this.contact(from).say(text).to(this.contact(BOT_ID)));
  }

  /** Says it and waits until the bot has handled it; returns the outcome and what `from` received meanwhile. */
  async send(bot: ChatBot, from: string, text: string, room?: { mention: boolean }): Promise<{ outcome: ReceiveOutcome; replies: string[]; messageId: string }> {
    const inbox = this.inbox(room ? ROOM_ID : from);
    const before = inbox.length;
    let messageId = '';
    const done = handledOnce(bot, () => messageId);
    messageId = room ? this.sayInRoom(from, text, room.mention) : this.say(from, text);
    const outcome = await done;
    return { outcome, replies: inbox.slice(before), messageId };
  }

  /** Replays a message and waits until the bot has dealt with it. */
  async resend(bot: ChatBot, messageId: string): Promise<ReceiveOutcome> {
    const done = handledOnce(bot, () => messageId);
    this.replay(messageId);
    return done;
  }

  /** A group message; `mention` @-mentions the bot the way WeChat writes it. */
  sayInRoom(from: string, text: string, mention: boolean): string {
    const room = this.mocker.RoomMock.load(ROOM_ID);
    return this.lastMessageAfter(() => (mention ? this.contact(from).say(`@Bot\u2005${text}`, [this.contact(BOT_ID)]).to(room) : this.contact(from).say(text).to(room)));
  }

  /** The transport delivers a message it already delivered (a replay after a reconnect). */
  replay(messageId: string): void {
    this.mocker.puppet.emit('message', { messageId });
  }

  private lastMessageAfter(send: () => void): string {
    const before = new Set(this.mocker.cacheMessagePayload.keys());
    send();
    const id = [...this.mocker.cacheMessagePayload.keys()].find((key) => !before.has(key));
    if (!id) throw new Error('the mock did not create a message');
    return id;
  }
}

function handledOnce(bot: ChatBot, id: () => string, timeoutMs = 8000): Promise<ReceiveOutcome> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      bot.off('handled', listener);
      reject(new Error(`the bot did not handle message ${id()}`));
    }, timeoutMs);
    const listener = (messageId: string, outcome: ReceiveOutcome) => {
      if (messageId !== id()) return;
      clearTimeout(timer);
      bot.off('handled', listener);
      resolve(outcome);
    };
    bot.on('handled', listener);
  });
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Bot options for tests: fast sends, fast restarts, a quick outbox loop. */
export function testBotOptions(app: AppContext, weChat: MockWeChat, extra: Partial<ChatBotOptions> = {}): ChatBotOptions {
  return {
    app,
    puppet: weChat.puppet,
    sendPerSecond: 20,
    restartDelayMs: () => 20,
    dispatchIntervalMs: 30,
    dispatcher: { backoffMs: () => 50 },
    out: () => undefined,
    ...extra,
  };
}
