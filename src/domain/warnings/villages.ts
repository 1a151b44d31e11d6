/** A village of the county, with its town, as the matcher reads it. */
export interface VillagePlace {
  code: string;
  name: string;
  townCode: string;
  townName: string;
  /** villageNames(name), worked out once per list rather than once per row. */
  names: readonly string[];
}

export type VillageMatch = { village: VillagePlace } | { problem: string };

/** The everyday short forms of official names: 村委会 is written 村, 居委会 社区. */
const SHORT_FORMS: readonly [RegExp, string][] = [
  [/村民委员会$|村委会$/, '村'],
  [/社区居民委员会$|社区居委会$/, '社区'],
  [/居民委员会$|居委会$/, '社区'],
];

/**
 * The names people write for a village: the official one (远征村委会, 科尔沁社区居委会,
 * 跃进马场一队居民委员会) and its short forms (远征村, 科尔沁社区, 跃进马场一队).
 */
export function villageNames(name: string): string[] {
  const names = new Set([name]);
  const form = SHORT_FORMS.find(([suffix]) => suffix.test(name));
  if (form) names.add(name.replace(form[0], form[1]));
  if (/委员会$/.test(name)) names.add(name.replace(/(?:居民|村民)?委员会$/, ''));
  return [...names].filter((n) => n.length >= 2);
}

/**
 * What a department wrote for where the household lives → one village of the county. A list
 * carries a 12-digit village code, a village name (兴科居委会) or an address (索伦镇联发嘎查3组,
 * 内蒙古…科右前旗索伦镇联发嘎查): the code decides when there is one; otherwise every village whose
 * name (or everyday short form) the text contains, the longest names first (联发嘎查 over 发嘎查),
 * narrowed to the towns the text names. Two villages left is ambiguous, none is unknown: the county must say which.
 */
export function matchVillage(text: string, villages: readonly VillagePlace[]): VillageMatch {
  const written = text.normalize('NFKC').replace(/\s/g, '');
  if (!written) return { problem: '没有写村' };
  const code = /(?<!\d)\d{12}(?!\d)/.exec(written)?.[0];
  if (code) {
    const village = villages.find((v) => v.code === code);
    return village ? { village } : { problem: `村代码${code}不是本县的村` };
  }
  const hits = villages.flatMap((village) => {
    const seen = village.names.filter((n) => written.includes(n));
    return seen.length ? [{ village, as: seen.reduce((a, b) => (b.length > a.length ? b : a)) }] : [];
  });
  // A name inside a longer name that was also found (发嘎查 in 联发嘎查) is not a second village.
  let found = hits.filter((h) => !hits.some((o) => o !== h && o.as.length > h.as.length && o.as.includes(h.as))).map((h) => h.village);
  const towns = found.filter((v) => written.includes(v.townName));
  if (towns.length) found = towns;
  if (found.length === 1) return { village: found[0] };
  if (found.length === 0) return { problem: `本县没有找到“${text.trim()}”这个村，请写村名或12位村代码` };
  const where = found.map((v) => `${v.townName}${v.name}`).join('、');
  return { problem: `“${text.trim()}”有${found.length}个同名的村（${where}），请写上乡镇名或村代码` };
}
