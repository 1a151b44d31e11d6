import { randomInt } from 'node:crypto';
import { createAppContext } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { importCounties } from '../../src/services/regionImport';
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import type BetterSqlite3 from 'better-sqlite3';
import { assessDeclaration } from '../../src/domain/assessment';
import { isOpenState, type CaseState } from '../../src/domain/workflow';
import type { Declaration } from '../../src/domain/declaration';
import { maskIdNumber, maskPhone } from '../../src/domain/idNumber';
import { QUESTIONNAIRE } from '../../src/domain/questionnaire';
import { riskTypeMask } from '../../src/domain/riskTypes';
import type { FieldCrypto } from '../../src/security/fieldCrypto';
import { EXAMPLE_FIGURES } from '../../src/services/countySettings';
import { TrackingCodes, type IdNumberGenerator } from './ids';
import { randomDeclaration, villageWeight, type BenchVillage, VillagePicker } from './payload';
import { rebuildTallies } from '../../src/services/caseTally';

/**
 * A bench database made ready for seeding: migrated by the real service code (createAppContext
 * with `env`), the county's regions imported, its staff seeded in bulk, its villages read back.
 */
export async function prepareBenchCounty(env: NodeJS.ProcessEnv, pool: Pool, county: string, now: Date): Promise<{ staff: Awaited<ReturnType<typeof seedAreaStaff>>; villages: BenchVillage[] }> {
  const app = await createAppContext(loadConfig(env), { logger: createLogger('silent') });
  try {
    await importCounties(app.db.manager, [county]);
  } finally {
    await app.db.destroy();
  }
  const staff = await seedAreaStaff(pool, [county], now);
  return { staff, villages: await loadVillages(pool, county) };
}

/** Where a seed writes: a mysql2 pool (MariaDB) or a better-sqlite3 handle on the embedded default's file. */
export type SeedDatabase = Pool | BetterSqlite3.Database;
const isSqlite = (db: SeedDatabase): db is BetterSqlite3.Database => 'pragma' in db;

/** The counties' villages with the cadre seedDemoCounty (or seedAreaStaff) made for each ('c' + village code). */
export async function loadVillages(db: SeedDatabase, countyCodes: string | readonly string[]): Promise<BenchVillage[]> {
  const codes = typeof countyCodes === 'string' ? [countyCodes] : [...countyCodes];
  const sql = (countyList: string) => `SELECT r.code, r.name, r.parentCode AS townCode, r.countyCode, s.id AS cadreId, s.username
       FROM regions r
       JOIN cadre_villages cv ON cv.villageCode = r.code AND cv.isPrimary = 1
       JOIN staff_users s ON s.id = cv.staffId AND s.role = 'cadre' AND s.active = 1
      WHERE r.countyCode IN (${countyList}) AND r.level = 'village'
      ORDER BY r.code`;
  const rows = isSqlite(db)
    ? (db.prepare(sql(codes.map(() => '?').join(', '))).all(...codes) as Record<string, unknown>[])
    : (await db.query<RowDataPacket[]>(sql('?'), [codes]))[0];
  return rows.map((r) => ({
    code: String(r.code),
    name: String(r.name),
    townCode: String(r.townCode),
    countyCode: String(r.countyCode),
    cadreId: Number(r.cadreId),
    cadreUsername: String(r.username),
    weight: villageWeight(),
  }));
}

/** Share of seeded cases per state: 20 % open, the rest finished long ago. */
const STATE_MIX: [CaseState, number][] = [
  ['assigned', 0.06],
  ['investigating', 0.05],
  ['village_review', 0.03],
  ['publicity', 0.02],
  ['township_review', 0.025],
  ['county_review', 0.015],
  ['closed', 0.42],
  ['monitored', 0.28],
  ['rejected', 0.1],
];

/** The step that brought a case into its state, for the second audit row. */
const LAST_STEP: Partial<Record<CaseState, { action: string; from: CaseState }>> = {
  investigating: { action: 'accept', from: 'assigned' },
  village_review: { action: 'record_visit', from: 'investigating' },
  publicity: { action: 'start_publicity', from: 'village_review' },
  township_review: { action: 'finish_publicity', from: 'publicity' },
  county_review: { action: 'township_approve', from: 'township_review' },
  monitored: { action: 'county_confirm', from: 'county_review' },
  rejected: { action: 'reject', from: 'county_review' },
  closed: { action: 'close', from: 'investigating' },
};
const CLOSE_REASONS = ['no_risk', 'not_eligible', 'duplicate', 'withdrawn'];
const MONITORING_TYPES = ['unstable', 'edge', 'sudden'];

function pickState(): CaseState {
  let x = Math.random();
  for (const [state, share] of STATE_MIX) if ((x -= share) < 0) return state;
  return 'closed';
}

/** Open cases are recent and due 1–15 days after filing; finished ones spread over the last three years. */
function defaultShape(now: Date): CaseShape {
  const state = pickState();
  const isOpen = isOpenState(state);
  const ageDays = isOpen ? Math.random() * 90 : 60 + Math.random() * 1000;
  const createdAt = new Date(now.getTime() - ageDays * DAY_MS - randomInt(0, 3_600_000));
  return { state, createdAt, stepDueAt: isOpen ? new Date(createdAt.getTime() + randomInt(1, 15) * DAY_MS) : null };
}

const CASE_COLUMNS = [
  'id', 'trackingCode', 'state', 'isOpen', 'channel', 'residentId', 'applicantName', 'phoneEnc', 'phoneMasked', 'idNumberEnc',
  'idNumberMasked', 'idNumberHash', 'openIdHash', 'proxyName', 'proxyRelation', 'proxyPhoneEnc', 'villageCode', 'townCode',
  'countyCode', 'householdSize', 'hardships', 'details', 'annualIncome', 'perCapitaIncome', 'incomeLine', 'riskTypes', 'riskMask', 'flags',
  'urgent', 'urgencyReasons', 'priority', 'questionnaireVersion', 'assigneeId', 'needsRouting', 'callbackRequested', 'stepDueAt',
  'closeReason', 'monitoringType', 'visit', 'createdAt', 'updatedAt',
] as const;
const EVENT_COLUMNS = ['id', 'caseId', 'actorType', 'actorId', 'actorName', 'actorRole', 'action', 'fromState', 'toState', 'note', 'data', 'createdAt'] as const;
const RESIDENT_COLUMNS = ['id', 'channel', 'externalId', 'createdAt'] as const;
const STAFF_COLUMNS = ['id', 'username', 'displayName', 'role', 'regionCode', 'passwordHash', 'wechatId', 'active', 'createdAt'] as const;
const OUTBOX_COLUMNS = [
  'channel', 'recipientType', 'recipientId', 'kind', 'payload', 'state', 'attempts', 'uniqueKey', 'caseId', 'availableAt', 'leaseUntil',
  'lastError', 'createdAt', 'sentAt',
] as const;

type Row = unknown[];
const DAY_MS = 86_400_000;

/** One multi-row INSERT (mysql2 expands `VALUES ?` from an array of rows). */
async function insert(conn: Pool | PoolConnection, table: string, columns: readonly string[], rows: Row[]): Promise<void> {
  if (rows.length > 0) await conn.query(`INSERT INTO ${table} (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ?`, [rows]);
}

/** The most parameters one SQLite statement may bind (SQLITE_MAX_VARIABLE_NUMBER since 3.32). */
const SQLITE_MAX_PARAMS = 32_766;

/**
 * A value as TypeORM's better-sqlite3 driver stores it, so the service reads bulk rows like its
 * own: booleans as 1/0, datetimes as UTC text 'YYYY-MM-DD HH:mm:ss.SSS'.
 */
const sqliteValue = (value: unknown): unknown =>
  typeof value === 'boolean' ? (value ? 1 : 0) : value instanceof Date ? value.toISOString().replace('T', ' ').slice(0, 23) : value;

/**
 * Multi-row INSERTs on SQLite: one prepared statement per table and row count (so a run prepares
 * a handful), each as many rows as SQLite's parameter limit allows.
 */
function sqliteInserter(db: BetterSqlite3.Database): (table: string, columns: readonly string[], rows: Row[]) => void {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return (table, columns, rows) => {
    const perStatement = Math.floor(SQLITE_MAX_PARAMS / columns.length);
    for (let i = 0; i < rows.length; i += perStatement) {
      const chunk = rows.slice(i, i + perStatement);
      const key = `${table}:${chunk.length}`;
      let statement = statements.get(key);
      if (!statement) {
        const tuple = `(${columns.map(() => '?').join(', ')})`;
        statement = db.prepare(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${Array(chunk.length).fill(tuple).join(', ')}`);
        statements.set(key, statement);
      }
      statement.run(chunk.flatMap((row) => row.map(sqliteValue)));
    }
  };
}

/**
 * Drops the secondary indexes and foreign keys of `cases`; the function returned adds them back
 * from the table's own SHOW CREATE TABLE text (foreign keys unchecked: the rows are consistent by
 * construction), so the table ends exactly as the migration made it.
 */
async function dropCaseIndexes(pool: Pool): Promise<() => Promise<void>> {
  const [[row]] = await pool.query<RowDataPacket[]>('SHOW CREATE TABLE cases');
  const lines = String(row['Create Table']).split('\n').map((l) => l.trim().replace(/,$/, ''));
  const keys = lines.filter((l) => /^(UNIQUE )?KEY `/.test(l));
  const foreignKeys = lines.filter((l) => /^CONSTRAINT `[^`]+` FOREIGN KEY/.test(l));
  const name = (l: string) => /(?:KEY|CONSTRAINT) `([^`]+)`/.exec(l)![1];
  if (foreignKeys.length) await pool.query(`ALTER TABLE cases ${foreignKeys.map((l) => `DROP FOREIGN KEY \`${name(l)}\``).join(', ')}`);
  if (keys.length) await pool.query(`ALTER TABLE cases ${keys.map((l) => `DROP INDEX \`${name(l)}\``).join(', ')}`);
  return async () => {
    const conn = await pool.getConnection();
    try {
      await conn.query('SET SESSION foreign_key_checks = 0');
      if (keys.length) await conn.query(`ALTER TABLE cases ${keys.map((l) => `ADD ${l}`).join(', ')}`);
      if (foreignKeys.length) await conn.query(`ALTER TABLE cases ${foreignKeys.map((l) => `ADD ${l}`).join(', ')}`);
      await conn.query('SET SESSION foreign_key_checks = 1');
    } finally {
      conn.release();
    }
  };
}

/**
 * Staff for counties whose regions are loaded, the way seedDemoCounty names them but in bulk
 * (multi-row INSERTs, for thousands of villages): a county account each, a township account per
 * town ('t' + code) and one primary cadre per village ('c' + code). Nobody logs in: the password
 * hash is a placeholder.
 */
export async function seedAreaStaff(pool: Pool, countyCodes: readonly string[], now: Date): Promise<{ counties: number; towns: number; villages: number }> {
  const [regions] = await pool.query<RowDataPacket[]>("SELECT code, name, level FROM regions WHERE countyCode IN (?) AND level IN ('county', 'town', 'village') ORDER BY level, code", [countyCodes]);
  const [[{ next }]] = await pool.query<RowDataPacket[]>('SELECT COALESCE(MAX(id), 0) + 1 AS next FROM staff_users');
  let id = Number(next);
  const staff: Row[] = [];
  const links: Row[] = [];
  const count = { counties: 0, towns: 0, villages: 0 };
  for (const r of regions) {
    const code = String(r.code);
    const row = (username: string, displayName: string, role: string, regionCode: string | null) => [id++, username, displayName, role, regionCode, 'bench:no-login', null, true, now];
    if (r.level === 'county') (staff.push(row(`k${code}`, `${r.name}乡村振兴局`, 'county', code)), count.counties++);
    else if (r.level === 'town') (staff.push(row(`t${code}`, `${r.name}干部`, 'township', code)), count.towns++);
    else {
      links.push([id, code, true]);
      staff.push(row(`c${code}`, `书记（${r.name}）`, 'cadre', null));
      count.villages++;
    }
  }
  for (let i = 0; i < staff.length; i += 2000) await insert(pool, 'staff_users', STAFF_COLUMNS, staff.slice(i, i + 2000));
  for (let i = 0; i < links.length; i += 2000) await insert(pool, 'cadre_villages', ['staffId', 'villageCode', 'isPrimary'], links.slice(i, i + 2000));
  return count;
}

interface Batch {
  residents: Row[];
  cases: Row[];
  events: Row[];
  outbox: Row[];
}

export interface SeedOptions {
  /** MariaDB (a pool: `parallel` batches in flight) or SQLite (better-sqlite3: one transaction per batch, in turn). */
  pool: SeedDatabase;
  crypto: FieldCrypto;
  ids: IdNumberGenerator;
  villages: VillagePicker;
  total: number;
  batchSize?: number;
  parallel?: number;
  now?: Date;
  /** Each case's state and times; default: 20 % open (due 1–15 days after filing), the rest finished. */
  shape?: () => CaseShape;
  /** Also write each case's audit rows and its assignment notice, as the service would (default true). */
  history?: boolean;
  /** Share of cases filed by a resident a channel knows (a residents row each, chat or mini-program); default 0. */
  residentShare?: number;
  /**
   * Load `cases` without its secondary indexes and foreign keys, then add them back exactly as
   * SHOW CREATE TABLE had them (one sorted build per index instead of a million random inserts
   * into B-trees bigger than the buffer pool): for a million rows. MariaDB only. Default false.
   */
  deferIndexes?: boolean;
  /** Told how many cases are written after each batch lands. */
  onProgress?: (done: number) => void;
}

export interface CaseShape {
  state: CaseState;
  createdAt: Date;
  stepDueAt: Date | null;
  /** Last change; default: 1–40 days after filing, not after `now`. */
  updatedAt?: Date;
}

export interface SeedResult {
  cases: number;
  open: number;
  events: number;
  outbox: number;
  ms: number;
  openPerCadre: { mean: number; max: number };
}

/**
 * ~100k cases the way the service would have written them — same columns, real AES-GCM
 * ciphertexts and HMAC lookup hashes from FieldCrypto, assessments from the domain code — but
 * with multi-row INSERTs through mysql2 and explicit ids, so a batch of cases, its audit rows
 * and its outbox rows go in as three statements (foreign-key and unique checks off for those
 * sessions; the generator guarantees distinct tracking codes, ID hashes and outbox keys). On
 * SQLite the same rows go in through better-sqlite3, one transaction per batch.
 */
export async function seedCases(options: SeedOptions): Promise<SeedResult> {
  const { pool, crypto, ids, villages, total } = options;
  const batchSize = options.batchSize ?? 1000;
  const parallel = options.parallel ?? 4;
  const now = options.now ?? new Date();
  const history = options.history ?? true;
  const residentShare = options.residentShare ?? 0;
  const figures = { ...EXAMPLE_FIGURES, year: now.getUTCFullYear() };
  const tracking = new TrackingCodes();
  const started = process.hrtime.bigint();
  const openByCadre = new Map<number, number>();
  const byCode = new Map(villages.villages.map((v) => [v.code, v]));
  let open = 0;
  let residentId = 0;
  let eventId = 0;
  let events = 0;
  let outbox = 0;

  const buildBatch = (firstId: number, count: number): Batch => {
    const batch: Batch = { residents: [], cases: [], events: [], outbox: [] };
    for (let id = firstId; id < firstId + count; id++) {
      const { state, createdAt, stepDueAt, ...shape } = options.shape ? options.shape() : defaultShape(now);
      const isOpen = isOpenState(state);
      const updatedAt = shape.updatedAt ?? new Date(Math.min(now.getTime(), createdAt.getTime() + randomInt(1, 40) * DAY_MS));
      const d = randomDeclaration(ids, villages) as Declaration;
      const village = byCode.get(d.applicant.villageCode) as BenchVillage;
      const assessment = assessDeclaration(d, figures, createdAt);
      const idHash = crypto.lookupHash(d.applicant.idNumber);
      if (isOpen) {
        open++;
        openByCadre.set(village.cadreId, (openByCadre.get(village.cadreId) ?? 0) + 1);
      }
      const trackingCode = tracking.take();
      const resident = Math.random() < residentShare ? ++residentId : null;
      const channel = Math.random() < 0.5 ? 'chat' : 'miniprogram';
      if (resident !== null) batch.residents.push([resident, channel, `bench-${resident}`, createdAt]);
      batch.cases.push([
        id, trackingCode, state, isOpen, resident === null ? 'miniprogram' : channel, resident, d.applicant.name,
        crypto.encrypt(d.applicant.phone), maskPhone(d.applicant.phone),
        crypto.encrypt(d.applicant.idNumber), maskIdNumber(d.applicant.idNumber), idHash, isOpen ? idHash : null,
        d.proxy?.name ?? null, d.proxy?.relation ?? null, d.proxy ? crypto.encrypt(d.proxy.phone) : null,
        village.code, village.townCode, village.countyCode, d.householdSize,
        JSON.stringify(d.hardships), JSON.stringify(d.details), d.annualIncome, assessment.perCapitaIncome, assessment.incomeLine,
        JSON.stringify(assessment.riskTypes), riskTypeMask(assessment.riskTypes), JSON.stringify(assessment.flags), assessment.urgent, JSON.stringify(assessment.urgencyReasons),
        assessment.urgent ? 0 : 1, QUESTIONNAIRE.version, village.cadreId, false, false,
        stepDueAt,
        state === 'closed' ? CLOSE_REASONS[randomInt(0, CLOSE_REASONS.length)] : null,
        state === 'monitored' ? MONITORING_TYPES[randomInt(0, MONITORING_TYPES.length)] : null,
        null, createdAt, updatedAt,
      ]);
      if (!history) continue;
      const declareEvent = ++eventId;
      batch.events.push([
        declareEvent, id, 'resident', null, d.applicant.name, 'resident', 'declare', null, 'assigned', null,
        JSON.stringify({ channel: 'miniprogram', urgent: assessment.urgent, assigneeId: village.cadreId }), createdAt,
      ]);
      const step = LAST_STEP[state];
      if (step) {
        batch.events.push([++eventId, id, 'staff', village.cadreId, `${village.name}村干部`, 'cadre', step.action, step.from, state, null, null, updatedAt]);
      }
      const payload = { caseId: id, trackingCode, villageName: village.name, urgent: assessment.urgent, state: 'assigned', note: null };
      batch.outbox.push([
        'chat', 'staff', village.cadreId, 'case_assigned', JSON.stringify(payload), 'sent', 1,
        `event:${declareEvent}:case_assigned:staff:${village.cadreId}`, id, createdAt, null, null, createdAt, createdAt,
      ]);
    }
    return batch;
  };

  const sqlite = isSqlite(pool) ? pool : null;
  if (sqlite && options.deferIndexes) throw new Error('deferIndexes is for MariaDB only');
  const sqliteInsert = sqlite ? sqliteInserter(sqlite) : null;
  // Foreign keys stay as the handle has them (better-sqlite3 opens with them off): the rows are consistent by construction.
  const writeSqlite = sqlite
    ? sqlite.transaction((batch: Batch) => {
        const write = sqliteInsert as NonNullable<typeof sqliteInsert>;
        write('residents', RESIDENT_COLUMNS, batch.residents);
        write('cases', CASE_COLUMNS, batch.cases);
        write('case_events', EVENT_COLUMNS, batch.events);
        write('outbox', OUTBOX_COLUMNS, batch.outbox);
      })
    : null;
  const mysqlPool = sqlite ? null : (pool as Pool);
  const restoreIndexes = options.deferIndexes && mysqlPool ? await dropCaseIndexes(mysqlPool) : null;
  // Batches are built on this thread while up to `parallel` earlier ones are in flight.
  const inFlight = new Set<Promise<void>>();
  for (let first = 1; first <= total; first += batchSize) {
    const batch = buildBatch(first, Math.min(batchSize, total - first + 1));
    events += batch.events.length;
    outbox += batch.outbox.length;
    const work = (async () => {
      if (writeSqlite) return void writeSqlite(batch);
      const conn = await (mysqlPool as Pool).getConnection();
      try {
        // Bulk-load settings, for this session only: the generated rows are consistent by construction.
        await conn.query('SET SESSION foreign_key_checks = 0, unique_checks = 0');
        await insert(conn, 'residents', RESIDENT_COLUMNS, batch.residents);
        await insert(conn, 'cases', CASE_COLUMNS, batch.cases);
        await insert(conn, 'case_events', EVENT_COLUMNS, batch.events);
        await insert(conn, 'outbox', OUTBOX_COLUMNS, batch.outbox);
        await conn.query('SET SESSION foreign_key_checks = 1, unique_checks = 1');
      } finally {
        conn.release();
      }
    })();
    inFlight.add(work);
    // Failures surface through Promise.race/all below; these handlers only keep the set current.
    const landed = first + batch.cases.length - 1;
    work.then(
      () => (inFlight.delete(work), options.onProgress?.(landed)),
      () => inFlight.delete(work),
    );
    if (inFlight.size >= parallel) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  await restoreIndexes?.();
  // The overview's tallies, which the services keep as they write, counted for the bulk rows;
  // then fresh statistics, as a long-running database would have.
  if (sqlite) {
    await rebuildTallies(async (sql) => sqlite.exec(sql), 'sqlite');
    sqlite.exec('ANALYZE');
  } else {
    const mariadb = mysqlPool as Pool;
    await rebuildTallies((sql) => mariadb.query(sql), 'mysql');
    await mariadb.query('ANALYZE TABLE residents, cases, case_events, outbox');
  }

  const perCadre = [...openByCadre.values()];
  return {
    cases: total,
    open,
    events,
    outbox,
    ms: Number(process.hrtime.bigint() - started) / 1e6,
    openPerCadre: { mean: perCadre.reduce((a, b) => a + b, 0) / Math.max(1, villages.villages.length), max: Math.max(0, ...perCadre) },
  };
}
