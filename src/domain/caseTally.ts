import { chinaDate } from './calendar';
import { RISK_TYPES, type RiskType } from './riskTypes';
import { isOpenState, type CaseState } from './workflow';

/**
 * The console's overview counts every case of a county by state, and its open ones by area,
 * urgency and risk type. Counting a million rows on every visit is seconds; instead each case
 * adds 1 to a few tally rows, and every write that changes what it counts under moves it between
 * them (services/caseTally.ts), in the same transaction as the change, so the counts stay exact.
 *
 * A case counts once at the village level (under its town) and once at the town level (under its
 * county): a township reads its villages, a county its towns, each a handful of rows.
 */
export type TallyLevel = 'v' | 't';

/**
 * '' counts every case in its state. Open cases are also counted, whatever their state ('*'), by
 * urgency, by risk type and by the China day their step is due: overdue is then the days before
 * today from the tallies, and only today's and tomorrow's due times are read from the cases.
 */
export type TallyDim = '' | 'urgent' | `risk:${RiskType}` | `due:${string}`;

/** Open cases in any state, for the dimensions that do not depend on it. */
export const ANY_OPEN = '*';

export interface TallyKey {
  level: TallyLevel;
  parentCode: string;
  areaCode: string;
  state: CaseState | typeof ANY_OPEN;
  dim: TallyDim;
  /** Concurrent declarations to one village would queue on one row; the case id spreads them over a few. */
  slot: number;
}

export const TALLY_SLOTS = 4;

/** What a tally reads of a case. */
export interface Tallied {
  id: number;
  state: CaseState;
  urgent: boolean;
  riskTypes: readonly RiskType[];
  stepDueAt: Date | null;
  villageCode: string;
  townCode: string;
  countyCode: string;
}

export function tallyKeys(c: Tallied): TallyKey[] {
  const dims: { state: TallyKey['state']; dim: TallyDim }[] = [{ state: c.state, dim: '' }];
  if (isOpenState(c.state)) {
    if (c.urgent) dims.push({ state: ANY_OPEN, dim: 'urgent' });
    for (const type of RISK_TYPES) if (c.riskTypes.includes(type)) dims.push({ state: ANY_OPEN, dim: `risk:${type}` });
    if (c.stepDueAt) dims.push({ state: ANY_OPEN, dim: dueDim(c.stepDueAt) });
  }
  const slot = c.id % TALLY_SLOTS;
  const areas = [
    { level: 'v' as const, parentCode: c.townCode, areaCode: c.villageCode },
    { level: 't' as const, parentCode: c.countyCode, areaCode: c.townCode },
  ];
  return areas.flatMap((area) => dims.map((d) => ({ ...area, ...d, slot })));
}

export const dueDim = (dueAt: Date): TallyDim => `due:${chinaDate(dueAt)}`;

export interface TallyDelta extends TallyKey {
  n: number;
}

const keyOf = (k: TallyKey) => [k.level, k.parentCode, k.areaCode, k.state, k.dim, k.slot].join('|');

/**
 * What a write does to the tallies: the case leaves the rows it counted under before and joins the
 * ones it counts under after (null = did not exist / no longer exists). Rows it stays under cancel
 * out, so most actions (a visit recorded, a note) change nothing. Sorted by key so concurrent
 * writers lock tally rows in one order.
 */
export function tallyDeltas(before: Tallied | null, after: Tallied | null): TallyDelta[] {
  const deltas = new Map<string, TallyDelta>();
  const add = (c: Tallied | null, n: number) => {
    for (const key of c ? tallyKeys(c) : []) {
      const id = keyOf(key);
      const entry = deltas.get(id) ?? { ...key, n: 0 };
      entry.n += n;
      deltas.set(id, entry);
    }
  };
  add(before, -1);
  add(after, 1);
  return [...deltas.entries()]
    .filter(([, d]) => d.n !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => d);
}
