import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { WechatyBuilder, type Wechaty, type WechatyOptions } from 'wechaty';
import { OutboxDispatcher, type DispatcherOptions } from '../src/jobs/outboxDispatcher';
import { pruneMessagesSeen } from '../src/services/chatSessions';
import type { AppContext } from '../src/services/context';
import { ChatDeliverer } from './chatDeliverer';
import { ChatGateway } from './chatGateway';
import { PacedSender } from './chatSender';
import type { BotHooks } from './listeners/hooks';
import { onError } from './listeners/onError';
import { onLogin } from './listeners/onLogin';
import { onLogout } from './listeners/onLogout';
import { onMessage } from './listeners/onMessage';
import { onScan } from './listeners/onScan';
import { WechatySender } from './wechatySender';

export interface ChatBotOptions {
  app: AppContext;
  /** A puppet for each (re)start: a module name such as 'wechaty-puppet-wechat4u', or an instance. */
  puppet: () => NonNullable<WechatyOptions['puppet']>;
  /** Wechaty's name: its memory card (`<name>.memory-card.json`) lets a restart resume the login. */
  name?: string;
  /** The account's send budget, replies and notices together (BOT_SEND_PER_SECOND). */
  sendPerSecond: number;
  /** Delay before the n-th restart in a row (reset by a login). */
  restartDelayMs?: (attempt: number) => number;
  /** Errors within a minute, while logged in, that mean the puppet is broken. */
  restartAfterErrors?: number;
  dispatcher?: Partial<DispatcherOptions>;
  dispatchIntervalMs?: number;
  /** Where the login QR code goes (stdout). */
  out?: (text: string) => void;
}

const SEEN_KEPT_MS = 7 * 24 * 60 * 60 * 1000;
/** A puppet that cannot reach WeChat may never finish stopping: it is abandoned after this. */
const STOP_TIMEOUT_MS = 5000;
const ERROR_WINDOW_MS = 60_000;
export const defaultRestartDelay = (attempt: number): number => Math.min(1000 * 2 ** (attempt - 1), 60_000);

/**
 * The bot process: one Wechaty per WeChat account, in-process against the database. Messages go
 * to the chat gateway; while logged in, the chat outbox is delivered. After a logout, a failed
 * start, an error before login or repeated errors, the puppet is stopped and a fresh one started
 * with backoff — the service keeps taking declarations meanwhile and the outbox waits.
 * Emits 'login', 'logout', 'restart' and 'handled' (messageId, outcome) for tests and logs.
 */
export class ChatBot extends EventEmitter {
  readonly gateway: ChatGateway;
  private readonly logger: Logger;
  private readonly sender: PacedSender;
  private wechaty: Wechaty | null = null;
  private dispatcher: OutboxDispatcher | null = null;
  private loggedIn = false;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private restartAttempt = 0;
  private errorTimes: number[] = [];

  constructor(private readonly options: ChatBotOptions) {
    super();
    this.logger = options.app.logger.child({ component: 'bot' });
    this.sender = new PacedSender(new WechatySender(() => this.wechaty), options.sendPerSecond);
    this.gateway = new ChatGateway(options.app, this.sender);
  }

  /** The Wechaty instance running now (replaced on restart). */
  get current(): Wechaty | null {
    return this.wechaty;
  }

  get isLoggedIn(): boolean {
    return this.loggedIn;
  }

  async start(): Promise<void> {
    this.stopping = false;
    await this.launch();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    await this.stopDispatcher();
    const wechaty = this.wechaty;
    this.wechaty = null;
    this.loggedIn = false;
    await this.stopWechaty(wechaty);
  }

  private async stopWechaty(wechaty: Wechaty | null): Promise<void> {
    if (!wechaty) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS)));
    const stopped = wechaty.stop().then(
      () => 'stopped' as const,
      (error: unknown) => {
        this.logger.warn({ err: error }, 'Wechaty stop failed');
        return 'failed' as const;
      },
    );
    if ((await Promise.race([stopped, timeout])) === 'timeout') this.logger.warn('Wechaty did not stop in time; abandoned');
    clearTimeout(timer);
  }

  private hooks(wechaty: Wechaty): BotHooks {
    const current = () => this.wechaty === wechaty && !this.stopping;
    return {
      logger: this.logger,
      gateway: this.gateway,
      out: this.options.out ?? ((text) => process.stdout.write(text)),
      loggedIn: () => current() && this.onLoggedIn(),
      loggedOut: (reason) => current() && this.onLoggedOut(reason),
      failed: () => current() && this.onFailed(),
      restarting: () => this.restartTimer !== null || !current(),
      handled: (messageId, outcome) => this.emit('handled', messageId, outcome),
    };
  }

  private async launch(): Promise<void> {
    const wechaty = WechatyBuilder.build({ name: this.options.name, puppet: this.options.puppet() });
    const hooks = this.hooks(wechaty);
    wechaty.on('scan', onScan(hooks)).on('login', onLogin(hooks)).on('logout', onLogout(hooks)).on('error', onError(hooks)).on('message', onMessage(hooks));
    this.wechaty = wechaty;
    try {
      await wechaty.start();
      this.logger.info({ puppet: wechaty.puppet.name() }, 'Wechaty started');
    } catch (error) {
      this.logger.error({ err: error }, 'Wechaty failed to start');
      this.scheduleRestart('start failed');
    }
  }

  private onLoggedIn(): void {
    this.loggedIn = true;
    this.restartAttempt = 0;
    this.errorTimes = [];
    const { app } = this.options;
    this.dispatcher ??= new OutboxDispatcher(app, new ChatDeliverer(app, this.sender), { ...this.options.dispatcher, maxPerSecond: 0 });
    this.dispatcher.start(this.options.dispatchIntervalMs ?? 1000);
    void pruneMessagesSeen(app, new Date(app.clock().getTime() - SEEN_KEPT_MS)).catch((error: unknown) => this.logger.warn({ err: error }, 'pruning seen messages failed'));
    this.emit('login');
  }

  private onLoggedOut(reason: string): void {
    this.loggedIn = false;
    this.emit('logout', reason);
    this.scheduleRestart(`logout: ${reason}`);
  }

  private onFailed(): void {
    if (this.loggedIn) {
      const now = Date.now();
      this.errorTimes = [...this.errorTimes.filter((at) => now - at < ERROR_WINDOW_MS), now];
      if (this.errorTimes.length < (this.options.restartAfterErrors ?? 3)) return;
    }
    this.scheduleRestart('error');
  }

  private scheduleRestart(reason: string): void {
    if (this.stopping || this.restartTimer) return;
    this.restartAttempt += 1;
    const delay = (this.options.restartDelayMs ?? defaultRestartDelay)(this.restartAttempt);
    this.logger.warn({ reason, delayMs: delay, attempt: this.restartAttempt }, 'restarting the WeChat puppet');
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      void this.restart(reason);
    }, delay);
  }

  private async restart(reason: string): Promise<void> {
    if (this.stopping) return;
    this.loggedIn = false;
    await this.stopDispatcher();
    const old = this.wechaty;
    this.wechaty = null;
    this.errorTimes = [];
    await this.stopWechaty(old);
    if (this.stopping) return;
    await this.launch();
    this.emit('restart', reason);
  }

  private async stopDispatcher(): Promise<void> {
    const dispatcher = this.dispatcher;
    this.dispatcher = null;
    await dispatcher?.stop();
  }
}
