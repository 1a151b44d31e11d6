import type { BotHooks } from './hooks';

/**
 * Wechaty and puppet errors: logged (one line; the stack at debug level), and reported to the
 * bot, which decides whether the puppet needs a restart. A puppet that cannot reach WeChat
 * repeats its error many times a second: once a restart is coming, the repeats go to debug.
 */
export function onError(hooks: BotHooks) {
  return (error: unknown): void => {
    const message = error instanceof Error ? error.message : String(error);
    if (hooks.restarting()) {
      hooks.logger.debug({ error: message }, 'Wechaty error (restart pending)');
      return;
    }
    hooks.logger.error({ error: message }, 'Wechaty error');
    hooks.logger.debug({ err: error }, 'Wechaty error details');
    hooks.failed(error);
  };
}
