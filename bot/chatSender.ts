/**
 * How chat messages leave the system, whatever carries them: Wechaty in the bot, the terminal
 * in `npm run chat`, a recorder in tests.
 */
export interface ChatSender {
  /** A private message to one contact. */
  send(contactId: string, text: string): Promise<void>;
  /** A message into a group chat. */
  sendToRoom(roomId: string, text: string): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One send budget for the whole WeChat account: replies and notices go out one at a time, at
 * most `perSecond` a second (WeChat restricts accounts that send in bursts). A failed send
 * still spends its slot; the error goes back to the caller.
 */
export class PacedSender implements ChatSender {
  private chain: Promise<unknown> = Promise.resolve();
  private lastAt = Number.NEGATIVE_INFINITY;

  /** `wait` and `now` are injectable so a test can check the spacing on a clock it moves itself. */
  constructor(
    private readonly inner: ChatSender,
    private readonly perSecond: number,
    private readonly wait: (ms: number) => Promise<void> = sleep,
    private readonly now: () => number = Date.now,
  ) {}

  send(contactId: string, text: string): Promise<void> {
    return this.run(() => this.inner.send(contactId, text));
  }

  sendToRoom(roomId: string, text: string): Promise<void> {
    return this.run(() => this.inner.sendToRoom(roomId, text));
  }

  /** Any other call that spends the same budget (the Official Account's template messages). */
  run<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain
      .catch(() => undefined)
      .then(async () => {
        const gap = this.perSecond > 0 ? 1000 / this.perSecond - (this.now() - this.lastAt) : 0;
        if (gap > 0) await this.wait(gap);
        try {
          return await work();
        } finally {
          this.lastAt = this.now();
        }
      });
    this.chain = run;
    return run;
  }
}
