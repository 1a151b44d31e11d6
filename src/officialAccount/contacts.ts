/**
 * Official Account users in the chat tables: the contact id is `oa:` + openid, so residents,
 * bindings (staff_users.wechatId) and dialogues (chat_sessions) are shared with the bot without
 * an openid ever meeting a Wechaty contact id.
 */
export const OA_CONTACT_PREFIX = 'oa:';

export const oaContactId = (openid: string): string => `${OA_CONTACT_PREFIX}${openid}`;

/** The openid behind a chat contact id, or null for a contact of another transport. */
export function openidOf(contactId: string): string | null {
  return contactId.startsWith(OA_CONTACT_PREFIX) ? contactId.slice(OA_CONTACT_PREFIX.length) : null;
}

/**
 * Outbox rows (channel chat) whose recipient talks through the Official Account now: the bound
 * staff contact or the resident's contact decides at delivery time, so a cadre who binds another
 * WeChat takes their notices along.
 */
export function officialAccountRecipientSql(alias: string): string {
  const a = alias ? `${alias}.` : '';
  return (
    `((${a}recipientType = 'staff' AND ${a}recipientId IN (SELECT oa_s.id FROM staff_users oa_s WHERE oa_s.wechatId LIKE '${OA_CONTACT_PREFIX}%'))` +
    ` OR (${a}recipientType = 'resident' AND ${a}recipientId IN (SELECT oa_r.id FROM residents oa_r WHERE oa_r.channel = 'chat' AND oa_r.externalId LIKE '${OA_CONTACT_PREFIX}%')))`
  );
}
