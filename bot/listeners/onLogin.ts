import type { ContactSelf } from 'wechaty';
import type { BotHooks } from './hooks';

/** Logged in: the bot starts delivering the outbox. */
export function onLogin(hooks: BotHooks) {
  return (user: ContactSelf): void => {
    hooks.logger.info({ user: user.name() }, 'WeChat logged in');
    hooks.loggedIn(user.name());
  };
}
