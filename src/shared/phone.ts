/** Mainland mobile numbers, the only phones a cadre can call back and WeChat can verify. */
export const PHONE_PATTERN = /^1[3-9]\d{9}$/;

/**
 * What people type → digits: full-width characters folded, spaces, dashes and brackets dropped,
 * a +86 / 86 prefix in front of an 11-digit mobile removed. "139 1234-5678", "+86 13912345678"
 * and "１３９１２３４５６７８" all become "13912345678".
 */
export function normalizePhone(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s\-()（）]/g, '')
    .replace(/^(\+?86)(?=1\d{10}$)/, '');
}

/** Null when the (normalised) phone is a mainland mobile; otherwise a plain sentence saying what is wrong. */
export function phoneProblem(normalized: string): string | null {
  if (!/^\d+$/.test(normalized)) return '手机号只填数字，11位，例如：13912345678';
  if (normalized.length !== 11) return `手机号应为11位，您填了${normalized.length}位`;
  if (!PHONE_PATTERN.test(normalized)) return '手机号应以13到19开头，请再看一下';
  return null;
}

/** The normalised mobile number, or null when it is not one. */
export function parsePhone(raw: string): string | null {
  const phone = normalizePhone(raw);
  return PHONE_PATTERN.test(phone) ? phone : null;
}
