/**
 * The intake bench's ceiling: the least any server could do to take a declaration into the
 * service's own schema. Bare node:http and one mysql2 pool (10 connections), no framework, no
 * validation, and on purpose nothing from src/ — a baseline that shared the service's code would
 * hide that code's cost. Only the tables are the service's (its migrations made them).
 *
 * Per POST /api/declarations, in one transaction (6 statements):
 *   START TRANSACTION; SELECT the village's primary cadre (cadre_villages ⋈ staff_users, by index);
 *   INSERT cases (every column the service sets); INSERT case_events (the audit row);
 *   INSERT outbox (the cadre's case_assigned notice, plus the resident's case_received receipt
 *   when the request carries a resident token — both rows in one statement); COMMIT.
 * Values the service derives are derived here too, as cheaply as possible and to the same shape
 * and size: AES-256-GCM ciphertexts and HMAC hashes (the columns must hold them), masks, JSON,
 * the risk-type bitmask, a plain reading of the assessment's thresholds, and due times as calendar
 * days (the service counts working days; the bytes written are the same). Village names and the
 * county's figures are read once at start-up, as the service caches them.
 *
 * Not covered, because the bench never sends them: villages without a cadre (the service then
 * tells the township's staff, one more read), call-back requests, proxies' special cases beyond
 * the audit name. A resident token is not verified: its subject is the resident the receipt goes
 * to, and the service's mini-program residents get subscribe messages.
 */
import { createCipheriv, createHmac, hkdfSync, randomBytes, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import mysql, { type Pool, type PoolConnection, type ResultSetHeader, type RowDataPacket } from 'mysql2/promise';

// Constants of the service, restated rather than imported (see above).
const QUESTIONNAIRE_VERSION = '2026.1';
const RISK_TYPES = ['illness', 'schooling', 'housing', 'water', 'disability', 'disaster', 'accident', 'industry', 'employment', 'labor', 'other'];
const RISK_LABELS: Record<string, string> = {
  illness: '因病', schooling: '因学', housing: '因安全住房', water: '因安全饮水', disability: '因残', disaster: '因自然灾害',
  accident: '因意外事故', industry: '因产业项目失败', employment: '因务工就业不稳', labor: '缺劳动力', other: '其他',
};
const ASSIGNED_LABEL = '已交给村干部';
const ASSIGNED_NEXT = '村干部一般1个工作日内受理，并和您联系。';
const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

const CASE_SQL = `INSERT INTO cases (trackingCode, state, isOpen, channel, intakeMethod, version, residentId, applicantName,
  phoneEnc, phoneMasked, idNumberEnc, idNumberMasked, idNumberHash, openIdHash, proxyName, proxyRelation, proxyPhoneEnc,
  villageCode, townCode, countyCode, householdSize, hardships, details, annualIncome, perCapitaIncome, incomeLine, riskTypes,
  riskMask, flags, urgent, urgencyReasons, priority, questionnaireVersion, assigneeId, needsRouting, callbackRequested,
  stepStartedAt, stepDueAt, stepDueProvisional, procedureStartedAt, procedureDueAt, procedureDueProvisional, closeReason,
  monitoringType, measures, visit, confirmation, review, publicity, helpFirst, createdAt, updatedAt)
  VALUES (?, 'assigned', 1, ?, 'self_declared', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0,
  ?, ?, 0, ?, ?, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ?, ?)`;
const EVENT_SQL = `INSERT INTO case_events (caseId, actorType, actorId, actorName, actorRole, action, fromState, toState, note, data, createdAt)
  VALUES (?, 'resident', ?, ?, 'resident', 'declare', NULL, 'assigned', NULL, ?, ?)`;
const OUTBOX_ROW = `(?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, NULL, NULL, ?, NULL)`;
const OUTBOX_SQL = `INSERT INTO outbox (channel, recipientType, recipientId, kind, payload, state, attempts, uniqueKey, caseId,
  availableAt, leaseUntil, lastError, createdAt, sentAt) VALUES `;
// The overview's maintained counts (the service's case_tallies): what the service adds to a
// declaration's transaction so the county's 首页 never counts a million rows.
const TALLY_SQL = 'INSERT INTO case_tallies (level, parentCode, areaCode, state, dim, slot, n) VALUES ';
const TALLY_UPSERT = ' ON DUPLICATE KEY UPDATE n = n + VALUES(n)';
const TALLY_SLOTS = 4;
const CADRE_SQL = `SELECT cv.staffId, s.displayName FROM cadre_villages cv
  JOIN staff_users s ON s.id = cv.staffId AND s.active = 1 AND s.role = 'cadre'
  WHERE cv.villageCode = ? AND cv.isPrimary = 1 LIMIT 1`;

interface Village {
  name: string;
  townCode: string;
  countyCode: string;
}
interface Figures {
  incomeLine: number;
  medicalThreshold: number;
  rigidSpendingThreshold: number;
  acceptDays: number;
  procedureDays: number;
}
interface Body {
  applicant: { name: string; phone: string; idNumber: string; villageCode: string };
  householdSize: number;
  hardships: string[];
  details: Record<string, number | string | undefined>;
  annualIncome: number;
  proxy?: { name: string; relation: string; phone: string } | null;
}

class Refused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

/** End of the China calendar day `days` days after `now`, the way due times are stored. */
const endOfChinaDay = (now: number, days: number) => new Date((Math.floor((now + CHINA_OFFSET_MS) / DAY_MS) + days + 1) * DAY_MS - CHINA_OFFSET_MS - 1);
const mask = (v: string, head: number) => v.slice(0, head) + '*'.repeat(Math.max(0, v.length - head - 4)) + v.slice(-4);

/** The subject of a bearer JWT, read without verifying it: a ceiling does not authenticate. */
function residentOf(req: IncomingMessage): number | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const payload = header.split('.')[1];
  if (!payload) return null;
  const sub = Number((JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: string }).sub);
  return Number.isInteger(sub) && sub > 0 ? sub : null;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const isDuplicate = (error: unknown, key: string) => (error as { code?: string }).code === 'ER_DUP_ENTRY' && String((error as Error).message).includes(key);

export interface Ceiling {
  server: Server;
  close(): Promise<void>;
}

/**
 * `tallies`: also write the tally rows (ceiling+tallies). The ceiling writes the four rows
 * alone; the overview's maintained counts are one more statement the service's design chose.
 */
export async function startCeiling(databaseUrl: string, dataKey: Buffer, options: { tallies?: boolean } = {}): Promise<Ceiling> {
  const pool: Pool = mysql.createPool({ uri: databaseUrl, connectionLimit: 10, timezone: 'Z', charset: 'utf8mb4_unicode_ci' });
  // Same key derivation as the service's field encryption, so the rows it writes decrypt alike.
  const encKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'shenbao/field-encryption/v1', 32));
  const hashKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'shenbao/lookup-hash/v1', 32));
  const seal = (plain: string) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
  };

  const villages = new Map<string, Village>();
  const [regionRows] = await pool.query<RowDataPacket[]>("SELECT code, name, parentCode, countyCode FROM regions WHERE level = 'village'");
  for (const r of regionRows) villages.set(String(r.code), { name: String(r.name), townCode: String(r.parentCode), countyCode: String(r.countyCode) });
  const figures = new Map<string, Figures>();
  const [settingRows] = await pool.query<RowDataPacket[]>('SELECT * FROM county_settings WHERE year <= ? ORDER BY year ASC', [new Date().getUTCFullYear()]);
  for (const r of settingRows) {
    figures.set(String(r.countyCode), {
      incomeLine: Number(r.incomeLine),
      medicalThreshold: Number(r.medicalThreshold),
      rigidSpendingThreshold: Number(r.rigidSpendingThreshold),
      acceptDays: Number(r.slaAcceptDays),
      procedureDays: Number(r.slaProcedureDays),
    });
  }

  async function store(conn: PoolConnection, d: Body, residentId: number | null) {
    const village = villages.get(d.applicant.villageCode);
    const fig = village && figures.get(village.countyCode);
    if (!village || !fig) throw new Refused(400, 'unknown_village');
    const [cadres] = await conn.query<RowDataPacket[]>(CADRE_SQL, [d.applicant.villageCode]);
    const cadre = cadres[0];
    if (!cadre) throw new Refused(501, 'village_without_cadre');
    const assigneeId = Number(cadre.staffId);

    const { applicant, proxy, details: x } = d;
    const perCapita = Math.round(d.annualIncome / d.householdSize);
    const flags: string[] = [];
    if (Number(x.medicalOutOfPocket ?? 0) > fig.medicalThreshold) flags.push('high_medical_cost');
    if (perCapita < fig.incomeLine) flags.push('below_income_line');
    if (Math.max(Number(x.medicalOutOfPocket ?? 0), Number(x.disasterLoss ?? 0), Number(x.accidentCost ?? 0), Number(x.industryLoss ?? 0)) > fig.rigidSpendingThreshold) flags.push('large_rigid_spending');
    if (x.laborCount === 0) flags.push('no_labor');
    if (x.dropout === 1) flags.push('child_dropout');
    const riskTypes = x.laborCount === 0 && !d.hardships.includes('labor') ? [...d.hardships, 'labor'] : d.hardships;
    const reasons: string[] = [];
    if (x.disasterWhen === 1) reasons.push('recent_disaster');
    if (x.accidentWhen === 1) reasons.push('recent_accident');
    if (x.housingDanger === 1) reasons.push('house_may_collapse');
    if (x.waterProblem === 1) reasons.push('no_drinking_water');
    if (x.dropout === 1) reasons.push('child_dropout');
    const urgent = reasons.length > 0;
    let riskMask = 0;
    for (const h of riskTypes) riskMask |= 1 << RISK_TYPES.indexOf(h);
    const idHash = createHmac('sha256', hashKey).update(applicant.idNumber).digest('hex');
    const nowMs = Date.now();
    const now = new Date(nowMs);
    const channel = residentId ? 'miniprogram' : 'api';
    const trackingCode = `SB-${randomInt(10_000_000, 100_000_000)}`;
    const hardships = JSON.stringify(d.hardships);

    const [caseRow] = await conn.query<ResultSetHeader>(CASE_SQL, [
      trackingCode, channel, residentId, applicant.name,
      seal(applicant.phone), mask(applicant.phone, 3), seal(applicant.idNumber), mask(applicant.idNumber, 4), idHash, idHash,
      proxy?.name ?? null, proxy?.relation ?? null, proxy ? seal(proxy.phone) : null,
      applicant.villageCode, village.townCode, village.countyCode, d.householdSize, hardships, JSON.stringify(x ?? {}),
      Math.round(d.annualIncome), perCapita, fig.incomeLine, riskTypes === d.hardships ? hardships : JSON.stringify(riskTypes), riskMask, JSON.stringify(flags), urgent, JSON.stringify(reasons),
      urgent ? 0 : 1, QUESTIONNAIRE_VERSION, assigneeId,
      now, endOfChinaDay(nowMs, fig.acceptDays), now, endOfChinaDay(nowMs, fig.procedureDays), now, now,
    ]);
    const caseId = caseRow.insertId;
    const [event] = await conn.query<ResultSetHeader>(EVENT_SQL, [
      caseId, residentId, proxy ? `${proxy.name}（${proxy.relation}代报）` : applicant.name,
      `{"channel":"${channel}","intakeMethod":"self_declared","urgent":${urgent},"callbackRequested":false,"assigneeId":${assigneeId}}`, now,
    ]);
    const eventId = event.insertId;
    const payload = (text: string | null) =>
      JSON.stringify({
        caseId, trackingCode, villageName: village.name, riskTypeLabels: riskTypes.map((h) => RISK_LABELS[h]), urgent,
        state: 'assigned', stateLabel: ASSIGNED_LABEL, next: ASSIGNED_NEXT, note: null, text,
      });
    const values: unknown[] = ['chat', 'staff', assigneeId, 'case_assigned', payload(null), `event:${eventId}:case_assigned:staff:${assigneeId}`, caseId, now, now];
    if (residentId) values.push('subscribe', 'resident', residentId, 'case_received', payload(ASSIGNED_NEXT), `event:${eventId}:case_received:resident:${residentId}`, caseId, now, now);
    await conn.query(OUTBOX_SQL + (residentId ? `${OUTBOX_ROW}, ${OUTBOX_ROW}` : OUTBOX_ROW), values);
    if (options.tallies) {
      // Open, so counted by state, urgency, each risk type and the day its step is due, per village and per town.
      const dueDay = new Date(endOfChinaDay(nowMs, fig.acceptDays).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
      const dims: [string, string][] = [['assigned', '']];
      if (urgent) dims.push(['*', 'urgent']);
      for (const type of RISK_TYPES) if (riskTypes.includes(type)) dims.push(['*', `risk:${type}`]);
      dims.push(['*', `due:${dueDay}`]);
      const slot = caseId % TALLY_SLOTS;
      const rows: unknown[][] = [];
      for (const [level, parent, area] of [['v', village.townCode, applicant.villageCode], ['t', village.countyCode, village.townCode]]) for (const [state, dim] of dims) rows.push([level, parent, area, state, dim, slot, 1]);
      // In key order, as the service locks them.
      rows.sort((a, b) => (a.slice(0, 6).join('|') < b.slice(0, 6).join('|') ? -1 : 1));
      await conn.query(TALLY_SQL + rows.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ') + TALLY_UPSERT, rows.flat());
    }
    return { id: caseId, trackingCode, state: 'assigned', riskTypes, urgency: urgent ? 'urgent' : 'normal', assignee: { name: String(cadre.displayName) } };
  }

  async function declare(req: IncomingMessage, res: ServerResponse) {
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    try {
      const d = JSON.parse(await readBody(req)) as Body;
      const residentId = residentOf(req);
      for (let attempt = 1; ; attempt++) {
        const conn = await pool.getConnection();
        try {
          await conn.query('START TRANSACTION');
          const result = await store(conn, d, residentId);
          await conn.query('COMMIT');
          send(201, result);
          return;
        } catch (error) {
          await conn.query('ROLLBACK').catch(() => undefined);
          if (isDuplicate(error, 'uq_cases_open_id')) throw new Refused(409, 'duplicate_open_case');
          if (isDuplicate(error, 'uq_cases_tracking') && attempt < 3) continue;
          throw error;
        } finally {
          conn.release();
        }
      }
    } catch (error) {
      if (error instanceof Refused) send(error.status, { error: { code: error.code } });
      else send(500, { error: { code: 'internal', message: (error as Error).message } });
    }
  }

  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/api/declarations') void declare(req, res);
    else {
      res.writeHead(404).end();
    }
  });
  server.listen(0, '127.0.0.1');
  return { server, close: () => pool.end() };
}
