import { parseTrackingCode } from '../../src/shared/trackingCode';

/** The code a resident reads in a reply ("申报号 2316 6026") as it is stored ("23166026"). */
export function codeIn(text: string): string {
  const match = /申报号 (\d{4} \d{4})/.exec(text);
  if (!match) throw new Error(`no 申报号 in: ${text}`);
  return parseTrackingCode(match[1])!;
}
