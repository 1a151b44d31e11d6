/**
 * Money the way residents say it: "12000", "1万2", "1.2万", "一万二", "两千五", "3000元".
 * Returns yuan rounded to a whole number, 'negative', or null when it is not a number at all.
 */
const CHINESE_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 两: 2, 贰: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000, 万: 10000 };

function clean(raw: string): string {
  return raw
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/．/g, '.')
    .replace(/[\s,，]/g, '')
    .replace(/^(大概|大约|约|差不多)/, '')
    .replace(/(块钱|块|元)$/, '')
    .replace(/(左右|多)$/, '');
}

export function parseAmount(raw: string): number | 'negative' | null {
  const text = clean(raw);
  if (/^[-－]/.test(text)) return 'negative';
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text));
  if (!/[\d零〇一壹二两贰三叁四肆五伍六陆七柒八捌九玖十拾]/.test(text)) return null;
  if (!/^[\d.零〇一壹二两贰三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万]+$/.test(text)) return null;

  let total = 0; // everything before the last 万
  let section = 0; // the part below 万 built so far
  let digits = ''; // the number being read, as digits
  let lastUnit = 1;
  for (const ch of text) {
    if (/[\d.]/.test(ch)) digits += ch;
    else if (ch in CHINESE_DIGITS) digits += String(CHINESE_DIGITS[ch]);
    else {
      const unit = UNITS[ch];
      // "十二" has no digit before 十; "一千万" has none before 万 either (the 千 part is in section).
      const n = digits === '' ? (unit === 10 ? 1 : 0) : Number(digits);
      if (Number.isNaN(n) || (digits === '' && unit !== 10 && unit !== 10000)) return null;
      if (unit === 10000) {
        total += (section + n) * 10000;
        section = 0;
      } else section += n * unit;
      lastUnit = unit;
      digits = '';
    }
  }
  if (digits !== '') {
    const n = Number(digits);
    if (Number.isNaN(n)) return null;
    // A single trailing digit counts one place below the last unit: 1万2 = 12000, 两千五 = 2500.
    // "一万零五" keeps its 零, so it has two digits and stays 10005.
    section += digits.length === 1 && lastUnit >= 10 ? (n * lastUnit) / 10 : n;
  }
  return Math.round(total + section);
}
