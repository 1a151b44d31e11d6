import type { Logger } from 'pino';
import type { ChatGateway, ReceiveOutcome } from '../chatGateway';

/** What the Wechaty listeners (one per file) report to the bot that registered them. */
export interface BotHooks {
  logger: Logger;
  gateway: ChatGateway;
  /** Where the login QR code is printed. */
  out(text: string): void;
  loggedIn(userName: string): void;
  loggedOut(reason: string): void;
  failed(error: unknown): void;
  /** A restart is already coming: further errors from this puppet are noise. */
  restarting(): boolean;
  /** A message went through the gateway (replies sent). */
  handled(messageId: string, outcome: ReceiveOutcome): void;
}
