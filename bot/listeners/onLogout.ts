import type { ContactSelf } from 'wechaty';
import type { BotHooks } from './hooks';

/** Logged out (on the phone, by WeChat, or the session expired): the bot restarts the puppet. */
export function onLogout(hooks: BotHooks) {
  return (user: ContactSelf, reason?: string): void => {
    hooks.logger.warn({ user: user.name(), reason }, 'WeChat logged out');
    hooks.loggedOut(reason ?? 'logout');
  };
}
