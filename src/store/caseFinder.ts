import { Brackets, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { queueStates, type CaseChannel, type CaseState, type IntakeMethod } from '../domain/workflow';
import { notFound } from '../domain/errors';
import { riskTypeBit, type RiskType } from '../domain/riskTypes';
import { parseTrackingCode } from '../shared/trackingCode';
import type { StaffActor } from '../services/actors';
import { Case } from './entities';

/**
 * Every staff query on cases starts here, from the caller's scope: a cadre's villages (and what is
 * assigned to them), a township's town, a county's county. An unscoped case query is hard to write.
 */
export class CaseFinder {
  constructor(
    private readonly manager: EntityManager,
    private readonly staff: StaffActor,
  ) {}

  scoped(alias = 'c', lead?: RegionColumn): SelectQueryBuilder<Case> {
    // The SQL form of the domain's inScope (domain/workflow/decide.ts); test/http/scope.test.ts holds them together.
    const qb = this.manager.createQueryBuilder(Case, alias);
    const s = this.staff;
    switch (s.role) {
      case 'cadre':
        return qb.where(
          new Brackets((w) => {
            w.where(`${alias}.assigneeId = :staffId`, { staffId: s.id });
            if (s.villageCodes.length > 0) w.orWhere(`${alias}.villageCode IN (:...villageCodes)`, { villageCodes: s.villageCodes });
          }),
        );
      case 'township':
        return qb.where(regionIs(alias, 'townCode', 'town', lead), { town: s.regionCode ?? '-' });
      case 'county':
        return qb.where(regionIs(alias, 'countyCode', 'county', lead), { county: s.regionCode ?? '-' });
      case 'admin':
        return qb.where('1 = 1');
    }
  }

  /**
   * The scope as disjoint parts that each read one index: a cadre's villages, and what is assigned
   * to them elsewhere. The OR of scoped() makes MariaDB read far more than either (counting a
   * cadre's cases at a million took 1.8 s). Anyone else's scope is one part.
   */
  scopeParts(lead?: RegionColumn): SelectQueryBuilder<Case>[] {
    const s = this.staff;
    if (s.role !== 'cadre' || s.villageCodes.length === 0) return [this.scoped('c', lead)];
    const qb = () => this.manager.createQueryBuilder(Case, 'c');
    return [
      qb().where('c.villageCode IN (:...villageCodes)', { villageCodes: s.villageCodes }),
      qb().where('c.assigneeId = :staffId AND c.villageCode NOT IN (:...villageCodes)', { staffId: s.id, villageCodes: s.villageCodes }),
    ];
  }

  /** The cases in scope that match the filters, as scopeParts: counts add up over the parts. */
  filteredParts(filters: CaseFilters, lead?: RegionColumn): SelectQueryBuilder<Case>[] {
    return this.scopeParts(lead).map((qb) => withFilters(qb, filters, lead));
  }

  /** Out of scope and missing look the same: 404. */
  async get(id: number, lock = false): Promise<Case> {
    const qb = this.scoped().andWhere('c.id = :id', { id });
    if (lock && this.manager.connection.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
    const found = await qb.getOne();
    if (!found) throw notFound();
    return found;
  }

  async getByTrackingCode(trackingCode: string): Promise<Case> {
    // A chat dialogue saved before the codes lost "SB-" may still name a case the old way.
    const code = parseTrackingCode(trackingCode) ?? trackingCode;
    const found = await this.scoped().andWhere('c.trackingCode = :code', { code }).getOne();
    if (!found) throw notFound();
    return found;
  }

  /**
   * The caller's 待办: the open cases whose current step is theirs. Urgent first, then oldest.
   * Like the list: the page's ids from an index (idx_cases_cadre_queue for a cadre, idx_cases_*_queue
   * above), then its rows.
   */
  async queue(limit: number, after?: QueueCursor): Promise<Case[]> {
    const s = this.staff;
    // Whose step a state is comes from the rule table, never from a list written here.
    const states = queueStates(s.role);
    const qb = this.manager.createQueryBuilder(Case, 'c').select('c.id', 'id');
    if (s.role === 'cadre') qb.where('c.assigneeId = :staffId AND c.isOpen = :open', { staffId: s.id, open: true });
    else if (s.role === 'township') qb.where('c.townCode = :town', { town: s.regionCode ?? '-' });
    else if (s.role === 'county') qb.where('c.countyCode = :county', { county: s.regionCode ?? '-' });
    else qb.where('1 = 1');
    qb.andWhere('c.state IN (:...states)', { states });
    if (after) {
      // The first condition alone is a range on the index; the OR alone read the queue from its start.
      qb.andWhere('c.priority >= :p', { p: after.priority });
      qb.andWhere(
        new Brackets((w) => {
          w.where('c.priority > :p')
            .orWhere('c.createdAt > :at', { at: after.createdAt })
            .orWhere('c.createdAt = :at AND c.id > :id', { id: after.id });
        }),
      );
    }
    const ids = (await qb.orderBy('c.priority', 'ASC').addOrderBy('c.createdAt', 'ASC').addOrderBy('c.id', 'ASC').limit(limit).getRawMany<{ id: number | string }>()).map((r) => Number(r.id));
    return this.rowsOf(ids);
  }

  /** The cases of a page, in the page's order, read by key (and scoped again). */
  private async rowsOf(ids: number[], select?: string[]): Promise<Case[]> {
    if (ids.length === 0) return [];
    const rows = this.scoped().andWhere('c.id IN (:...pageIds)', { pageIds: ids });
    if (select) rows.select(select);
    const byId = new Map((await rows.getMany()).map((c) => [c.id, c]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * The whole case list in scope with the console's filters, in one of CASE_SORTS, by keyset.
   * The page's ids first, then its rows: the first query is answered from an index alone where the
   * filters allow (a name search sorts index entries, not rows), the second reads 20 rows by key.
   * `select` narrows the columns read (the export); ids and the sort keys are always there.
   */
  async list(filters: CaseFilters, limit: number, sort: CaseSort = 'newest', after?: ListCursor, select?: string[]): Promise<Case[]> {
    const lead = this.leadRegion(filters);
    const { column, direction } = SORT_KEYS[sort];
    const parts = this.filteredParts(filters, lead);
    const pages = await Promise.all(parts.map((qb) => this.pageIds(qb, sort, limit, lead, after)));
    const rows = await this.rowsOf(pages.flat(), select && [...new Set(['c.id', `c.${column}`, ...select])]);
    if (parts.length === 1) return rows;
    // Each part's page is in order; the page of the whole scope is the first `limit` of both.
    const sign = direction === 'ASC' ? 1 : -1;
    const key = (c: Case) => (c[column] as Date).getTime();
    return rows.sort((a, b) => sign * (key(a) - key(b) || a.id - b.id)).slice(0, limit);
  }

  /** One part's page of ids in the sort's order, from the cursor on. */
  private async pageIds(qb: SelectQueryBuilder<Case>, sort: CaseSort, limit: number, lead: RegionColumn | undefined, after?: ListCursor): Promise<number[]> {
    const { column, direction } = SORT_KEYS[sort];
    qb.select('c.id', 'id');
    // Only open cases have a step due time: sorting by it lists those.
    if (sort === 'due') qb.andWhere('c.stepDueAt IS NOT NULL');
    if (after) {
      const op = direction === 'DESC' ? '<' : '>';
      // The first condition alone is a range on the index (column, id); with only the OR MariaDB
      // read the scope's index from its start and threw away every row before the cursor.
      qb.andWhere(`c.${column} ${op}= :key`, { key: after.key });
      qb.andWhere(
        new Brackets((w) => {
          w.where(`c.${column} ${op} :key`).orWhere(`c.id ${op} :id`, { id: after.id });
        }),
      );
    }
    if (lead) qb.orderBy(`c.${lead}`, direction).addOrderBy(`c.${column}`, direction);
    else qb.orderBy(`c.${column}`, direction);
    return (await qb.addOrderBy('c.id', direction).limit(limit).getRawMany<{ id: number | string }>()).map((r) => Number(r.id));
  }

  /** The narrowest region every listed case shares: its (region, sort column) index gives the list's order. */
  private leadRegion(filters: CaseFilters): RegionColumn | undefined {
    if (filters.village) return 'villageCode';
    if (filters.town || this.staff.role === 'township') return 'townCode';
    if (this.staff.role === 'county') return 'countyCode';
    return undefined;
  }

  /** The cases in scope that match the filters, unordered: the list, the export and the overview start here. */
  filtered(filters: CaseFilters, lead?: RegionColumn): SelectQueryBuilder<Case> {
    return withFilters(this.scoped('c', lead), filters, lead);
  }
}

/** The console's filters, on a query of cases aliased `c`. */
function withFilters(qb: SelectQueryBuilder<Case>, filters: CaseFilters, lead: RegionColumn | undefined): SelectQueryBuilder<Case> {
  if (filters.state) qb.andWhere('c.state = :state', { state: filters.state });
  if (filters.town) qb.andWhere(regionIs('c', 'townCode', 'townFilter', lead), { townFilter: filters.town });
  if (filters.village) qb.andWhere(regionIs('c', 'villageCode', 'villageFilter', lead), { villageFilter: filters.village });
  if (filters.urgent !== undefined) qb.andWhere('c.urgent = :urgent', { urgent: filters.urgent });
  if (filters.channel) qb.andWhere('c.channel = :channel', { channel: filters.channel });
  if (filters.intake) qb.andWhere('c.intakeMethod = :intake', { intake: filters.intake });
  if (filters.riskType) qb.andWhere(`(c.riskMask & ${riskTypeBit(filters.riskType)}) <> 0`);
  if (filters.stepDueFrom || filters.stepDueUntil) qb.andWhere('c.isOpen = :dueOpen', { dueOpen: true });
  if (filters.stepDueFrom) qb.andWhere('c.stepDueAt >= :dueFrom', { dueFrom: filters.stepDueFrom });
  if (filters.stepDueUntil) qb.andWhere('c.stepDueAt < :dueUntil', { dueUntil: filters.stepDueUntil });
  if (filters.createdFrom) qb.andWhere('c.createdAt >= :createdFrom', { createdFrom: filters.createdFrom });
  if (filters.createdBefore) qb.andWhere('c.createdAt < :createdBefore', { createdBefore: filters.createdBefore });
  if (filters.trackingCode) qb.andWhere('c.trackingCode = :code', { code: filters.trackingCode });
  // From the first character (a surname or a whole name): one range of idx_cases_*_name, where
  // a match anywhere in the name would read every case in scope.
  if (filters.name) qb.andWhere("c.applicantName LIKE :name ESCAPE '!'", { name: `${filters.name.replace(/[!%_]/g, (ch) => `!${ch}`)}%` });
  return qb;
}

export type RegionColumn = 'countyCode' | 'townCode' | 'villageCode';

/**
 * A keyset page needs a range on (region, sort column) read in index order. With `region = :v`
 * MariaDB chose ref access on the region alone and read the county's index from its newest entry
 * down to the cursor (30 s halfway through a million cases). The list's lead region is written as
 * the one-point range `region >= :v AND region <= :v` (the same rows; ref is impossible, the range
 * starts at the cursor) and leads the ORDER BY, which is then the index's own order: no filesort.
 * Every other region condition, and every count and GROUP BY, keeps the plain equality.
 */
function regionIs(alias: string, column: RegionColumn, param: string, lead: RegionColumn | undefined): string {
  const col = `${alias}.${column}`;
  return column === lead ? `(${col} >= :${param} AND ${col} <= :${param})` : `${col} = :${param}`;
}

/** How the case list can be ordered; each is a keyset on (column, id). */
export const CASE_SORTS = ['newest', 'oldest', 'due'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];
const SORT_KEYS: Record<CaseSort, { column: 'createdAt' | 'stepDueAt'; direction: 'ASC' | 'DESC' }> = {
  newest: { column: 'createdAt', direction: 'DESC' },
  oldest: { column: 'createdAt', direction: 'ASC' },
  due: { column: 'stepDueAt', direction: 'ASC' },
};

export interface CaseFilters {
  state?: CaseState;
  town?: string;
  village?: string;
  riskType?: RiskType;
  urgent?: boolean;
  channel?: CaseChannel;
  intake?: IntakeMethod;
  /** Open cases whose step is due in [from, until). */
  stepDueFrom?: Date;
  stepDueUntil?: Date;
  createdFrom?: Date;
  createdBefore?: Date;
  trackingCode?: string;
  /** The start of the applicant's name: a surname, or the whole name. */
  name?: string;
}

export interface QueueCursor {
  priority: number;
  createdAt: Date;
  id: number;
}

export interface ListCursor {
  key: Date;
  id: number;
}

/** Opaque cursors: base64url of the sort key of the last row returned. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string): unknown[] | null {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(values) ? values : null;
  } catch {
    return null;
  }
}
