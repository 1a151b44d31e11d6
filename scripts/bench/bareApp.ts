import type { IncomingMessage } from 'node:http';
import { randomInt } from 'node:crypto';
import Koa from 'koa';
import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { assessDeclaration, type CountyThresholds } from '../../src/domain/assessment';
import { addWorkingDays, chinaDate } from '../../src/domain/calendar';
import { STATE_INFO } from '../../src/domain/workflow';
import type { Declaration } from '../../src/domain/declaration';
import { maskIdNumber, maskPhone } from '../../src/domain/idNumber';
import { QUESTIONNAIRE } from '../../src/domain/questionnaire';
import { RISK_TYPE_LABELS } from '../../src/domain/riskTypes';
import { FieldCrypto } from '../../src/security/fieldCrypto';

/**
 * The baseline: the least a hand-written endpoint needs to store a declaration — Koa, one mysql2
 * pool (20 connections, as the service's), JSON.parse instead of zod, and in ONE transaction
 * the routing SELECT (which also reads the village), INSERT cases, INSERT case_events, INSERT
 * outbox. It writes the same columns with the same values: real AES-GCM/HMAC from FieldCrypto
 * and the same pure domain functions (assessment, working-day deadline), so the ratio measures
 * the service's framework, ORM and query overhead rather than different work. The county's
 * figures are read once at start-up; a second open case for an ID is refused by the unique index
 * alone (no read before the transaction).
 */

/** Village, its cadre (primary first, then least loaded, then lowest id) and the cadre's open cases. */
const ROUTING_SQL = `
SELECT r.name, r.parentCode AS townCode, r.countyCode, cv.staffId, s.displayName,
       (SELECT COUNT(*) FROM cases c WHERE c.assigneeId = cv.staffId AND c.isOpen = 1) AS openCases
  FROM regions r
  LEFT JOIN (cadre_villages cv JOIN staff_users s ON s.id = cv.staffId AND s.active = 1 AND s.role = 'cadre')
         ON cv.villageCode = r.code
 WHERE r.code = ? AND r.level = 'village'
 ORDER BY cv.isPrimary DESC, openCases ASC, cv.staffId ASC
 LIMIT 1`;

const INSERT_CASE = `INSERT INTO cases (trackingCode, state, isOpen, channel, residentId, applicantName, phoneEnc, phoneMasked,
  idNumberEnc, idNumberMasked, idNumberHash, openIdHash, proxyName, proxyRelation, proxyPhoneEnc, villageCode, townCode,
  countyCode, householdSize, hardships, details, annualIncome, perCapitaIncome, incomeLine, riskTypes, flags, urgent,
  urgencyReasons, priority, questionnaireVersion, assigneeId, needsRouting, callbackRequested, stepDueAt, closeReason,
  monitoringType, visit, createdAt, updatedAt)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const INSERT_EVENT = `INSERT INTO case_events (caseId, actorType, actorId, actorName, actorRole, action, fromState, toState, note, data, createdAt)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const INSERT_OUTBOX = `INSERT INTO outbox (channel, recipientType, recipientId, kind, payload, state, attempts, uniqueKey, caseId,
  availableAt, leaseUntil, lastError, createdAt, sentAt)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

interface RoutingRow extends RowDataPacket {
  name: string;
  townCode: string;
  countyCode: string;
  staffId: number | null;
  displayName: string | null;
  openCases: number;
}

type Figures = CountyThresholds & { slaAcceptDays: number };

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) reject(new HttpError(413, 'too_large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseDeclaration(raw: string): Declaration {
  let body: Partial<Declaration>;
  try {
    body = JSON.parse(raw) as Partial<Declaration>;
  } catch {
    throw new HttpError(400, 'bad_json');
  }
  const a = body.applicant;
  if (!a || typeof a.idNumber !== 'string' || typeof a.villageCode !== 'string' || typeof a.phone !== 'string' || typeof a.name !== 'string') {
    throw new HttpError(400, 'validation_failed');
  }
  if (!Array.isArray(body.hardships) || typeof body.householdSize !== 'number' || typeof body.annualIncome !== 'number') throw new HttpError(400, 'validation_failed');
  return { ...body, details: body.details ?? {}, proxy: body.proxy ?? null } as Declaration;
}

const isDuplicate = (error: unknown, key: string) => (error as { code?: string }).code === 'ER_DUP_ENTRY' && String((error as Error).message).includes(key);

async function loadFigures(pool: Pool, now: Date): Promise<Map<string, Figures>> {
  const year = Number(chinaDate(now).slice(0, 4));
  const [rows] = await pool.query<RowDataPacket[]>('SELECT * FROM county_settings WHERE year <= ? ORDER BY year ASC', [year]);
  const figures = new Map<string, Figures>();
  for (const r of rows) {
    figures.set(String(r.countyCode), {
      year,
      incomeLine: Number(r.incomeLine),
      medicalThreshold: Number(r.medicalThreshold),
      rigidSpendingThreshold: Number(r.rigidSpendingThreshold),
      slaAcceptDays: Number(r.slaAcceptDays),
    });
  }
  return figures;
}

async function storeDeclaration(conn: PoolConnection, crypto: FieldCrypto, figuresByCounty: Map<string, Figures>, d: Declaration, idHash: string, now: Date) {
  const [routing] = await conn.execute<RoutingRow[]>(ROUTING_SQL, [d.applicant.villageCode]);
  const village = routing[0];
  if (!village) throw new HttpError(400, 'unknown_village');
  const figures = figuresByCounty.get(village.countyCode);
  if (!figures) throw new HttpError(500, 'no_county_figures');
  const assessment = assessDeclaration(d, figures, now);
  const assigneeId = village.staffId === null ? null : Number(village.staffId);
  const state = assigneeId ? 'assigned' : 'submitted';
  const trackingCode = `SB-${randomInt(10_000_000, 100_000_000)}`;
  const { applicant, proxy } = d;
  const [inserted] = await conn.execute<ResultSetHeader>(INSERT_CASE, [
    trackingCode, state, true, 'api', null, applicant.name,
    crypto.encrypt(applicant.phone), maskPhone(applicant.phone), crypto.encrypt(applicant.idNumber), maskIdNumber(applicant.idNumber), idHash, idHash,
    proxy?.name ?? null, proxy?.relation ?? null, proxy ? crypto.encrypt(proxy.phone) : null,
    applicant.villageCode, village.townCode, village.countyCode, d.householdSize,
    JSON.stringify(d.hardships), JSON.stringify(d.details), Math.round(d.annualIncome), assessment.perCapitaIncome, assessment.incomeLine,
    JSON.stringify(assessment.riskTypes), JSON.stringify(assessment.flags), assessment.urgent, JSON.stringify(assessment.urgencyReasons),
    assessment.urgent ? 0 : 1, QUESTIONNAIRE.version, assigneeId, assigneeId === null, false,
    addWorkingDays(now, figures.slaAcceptDays).dueAt, null, null, null, now, now,
  ]);
  const caseId = inserted.insertId;
  const who = proxy ? `${proxy.name}（${proxy.relation}代报）` : applicant.name;
  const [event] = await conn.execute<ResultSetHeader>(INSERT_EVENT, [
    caseId, 'resident', null, who, 'resident', 'declare', null, state, null,
    JSON.stringify({ channel: 'api', urgent: assessment.urgent, assigneeId }), now,
  ]);
  if (assigneeId) {
    const payload = {
      caseId, trackingCode, villageName: village.name, riskTypeLabels: assessment.riskTypes.map((r) => RISK_TYPE_LABELS[r]),
      urgent: assessment.urgent, state, stateLabel: STATE_INFO[state].residentLabel, next: STATE_INFO[state].residentNext, note: null,
    };
    await conn.execute(INSERT_OUTBOX, [
      'chat', 'staff', assigneeId, 'case_assigned', JSON.stringify(payload), 'pending', 0,
      `event:${event.insertId}:case_assigned:staff:${assigneeId}`, caseId, now, null, null, now, null,
    ]);
  }
  return {
    id: caseId, trackingCode, state, riskTypes: assessment.riskTypes, urgency: assessment.urgent ? 'urgent' : 'normal',
    assignee: assigneeId ? { name: village.displayName ?? '' } : null,
  };
}

export async function createBareApp(pool: Pool, dataKey: Buffer): Promise<Koa> {
  const crypto = new FieldCrypto(dataKey);
  const figures = await loadFigures(pool, new Date());
  const koa = new Koa();
  koa.silent = true;
  koa.use(async (ctx) => {
    if (ctx.method !== 'POST' || ctx.path !== '/api/declarations') {
      ctx.status = 404;
      return;
    }
    try {
      const d = parseDeclaration(await readBody(ctx.req));
      const idHash = crypto.lookupHash(d.applicant.idNumber);
      const now = new Date();
      for (let attempt = 1; ; attempt++) {
        const conn = await pool.getConnection();
        try {
          await conn.beginTransaction();
          const result = await storeDeclaration(conn, crypto, figures, d, idHash, now);
          await conn.commit();
          ctx.status = 201;
          ctx.body = result;
          return;
        } catch (error) {
          await conn.rollback().catch(() => undefined);
          if (isDuplicate(error, 'uq_cases_open_id')) throw new HttpError(409, 'duplicate_open_case');
          if (isDuplicate(error, 'uq_cases_tracking') && attempt < 3) continue;
          throw error;
        } finally {
          conn.release();
        }
      }
    } catch (error) {
      if (error instanceof HttpError) {
        ctx.status = error.status;
        ctx.body = { error: { code: error.code } };
        return;
      }
      ctx.status = 500;
      ctx.body = { error: { code: 'internal', message: (error as Error).message } };
    }
  });
  return koa;
}
