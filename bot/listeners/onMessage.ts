import { types, type Message } from 'wechaty';
import type { BotHooks } from './hooks';

/**
 * Every message the account sees: its own are ignored; the rest go to the chat gateway, which
 * dedupes by message id, answers only @-mentions in groups, and sends the replies.
 */
export function onMessage(hooks: BotHooks) {
  return async (message: Message): Promise<void> => {
    try {
      if (message.self()) return;
      const room = message.room();
      const isText = message.type() === types.Message.Text;
      if (message.talker().type() === types.Contact.Official) return; // official accounts' pushes
      const result = await hooks.gateway.receive({
        messageId: message.id,
        contactId: message.talker().id,
        text: isText ? message.text() : '',
        roomId: room?.id ?? null,
        mentioned: room ? await message.mentionSelf() : false,
        isText,
        voice: message.type() === types.Message.Audio,
      });
      if (result.outcome !== 'ignored') hooks.logger.debug({ messageId: message.id, outcome: result.outcome, inRoom: Boolean(room) }, 'chat message');
      hooks.handled(message.id, result.outcome);
    } catch (error) {
      hooks.logger.error({ err: error, messageId: message.id }, 'chat message listener failed');
    }
  };
}
