import type { RowDataPacket } from 'mysql2/promise';
import type { ServerChild } from './children';
import { createPool } from './database';
import { httpJson } from './http';

/** Columns whose values differ between any two declarations, so only their NULL-ness is compared. */
const PER_ROW = new Set(['id', 'trackingCode', 'phoneEnc', 'idNumberEnc', 'proxyPhoneEnc', 'idNumberHash', 'openIdHash', 'caseId', 'payload', 'uniqueKey', 'createdAt', 'updatedAt', 'availableAt', 'stepStartedAt', 'procedureStartedAt', 'stepDueAt', 'procedureDueAt']);

/** JSON text compared by content: the service's schema parser orders an object's keys its own way. */
function canonical(value: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' && !(v instanceof Date) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v;
  if (typeof value === 'string' && /^[[{]/.test(value)) {
    try {
      return JSON.stringify(sorted(JSON.parse(value)));
    } catch {
      // not JSON after all
    }
  }
  return JSON.stringify(sorted(value));
}

/**
 * The same declaration body through the service and the ceiling, with and without a resident
 * token, then their rows compared table by table: the same cases, case_events and outbox rows,
 * the same columns filled, equal values where the body decides them, times in UTC. Returns the
 * differences; an empty list means the ceiling writes what the service writes.
 */
export async function sanityCheck(service: ServerChild, ceiling: ServerChild, body: () => unknown, token: string, benchUrl: string): Promise<string[]> {
  const pool = createPool(benchUrl, 1);
  const problems: string[] = [];
  try {
    for (const withToken of [false, true]) {
      const ids: number[] = [];
      const template = body() as { applicant: { idNumber: string } };
      for (const target of [service, ceiling]) {
        // One household's answers, a fresh ID number each (a second open case would be refused).
        const b = target === service ? template : { ...template, applicant: { ...template.applicant, idNumber: (body() as typeof template).applicant.idNumber } };
        const res = await httpJson('POST', `${target.url}/api/declarations`, { body: b, token: withToken ? token : undefined });
        if (res.status !== 201) throw new Error(`${target.kind}: POST /api/declarations answered ${res.status}: ${JSON.stringify(res.body)}`);
        ids.push(Number((res.body as { id: number }).id));
      }
      const mode = withToken ? 'with token' : 'no token';
      const compare = (table: string, a: RowDataPacket, b: RowDataPacket) => {
        for (const column of new Set([...Object.keys(a), ...Object.keys(b)])) {
          const [x, y] = [a[column], b[column]];
          if ((x === null) !== (y === null)) problems.push(`${mode} ${table}.${column}: service ${JSON.stringify(x)} vs ceiling ${JSON.stringify(y)}`);
          else if (!PER_ROW.has(column) && !['idNumberMasked'].includes(column) && canonical(x) !== canonical(y)) {
            problems.push(`${mode} ${table}.${column}: service ${JSON.stringify(x)} vs ceiling ${JSON.stringify(y)}`);
          }
        }
      };
      const [cases] = await pool.query<RowDataPacket[]>('SELECT * FROM cases WHERE id IN (?) ORDER BY FIELD(id, ?)', [ids, ids]);
      compare('cases', cases[0], cases[1]);
      for (const [who, row] of [['service', cases[0]], ['ceiling', cases[1]]] as const) {
        const skew = Math.abs((row.createdAt as Date).getTime() - Date.now());
        if (skew > 5 * 60_000) problems.push(`${mode} ${who} createdAt is ${Math.round(skew / 60_000)} min off: time zone mismatch?`);
      }
      const [events] = await pool.query<RowDataPacket[]>('SELECT * FROM case_events WHERE caseId IN (?) ORDER BY FIELD(caseId, ?), id', [ids, ids]);
      if (events.length !== 2) problems.push(`${mode}: expected one case_events row each, got ${events.length}`);
      else compare('case_events', events[0], events[1]);
      const [outbox] = await pool.query<RowDataPacket[]>('SELECT * FROM outbox WHERE caseId IN (?) ORDER BY FIELD(caseId, ?), kind, id', [ids, ids]);
      const mine = (id: number) => outbox.filter((r) => Number(r.caseId) === id);
      const [s, c] = [mine(ids[0]), mine(ids[1])];
      if (s.length !== c.length) problems.push(`${mode}: service wrote ${s.length} outbox rows (${s.map((r) => r.kind).join(', ')}), ceiling ${c.length} (${c.map((r) => r.kind).join(', ')})`);
      else s.forEach((row, i) => compare(`outbox[${row.kind}]`, row, c[i]));
      // The payloads must carry the same fields (their values name different cases).
      s.forEach((row, i) => {
        const keys = (r: RowDataPacket) => Object.keys(typeof r.payload === 'string' ? (JSON.parse(r.payload) as object) : (r.payload as object)).sort().join(',');
        if (c[i] && keys(row) !== keys(c[i])) problems.push(`${mode} outbox[${row.kind}].payload fields: service ${keys(row)} vs ceiling ${keys(c[i])}`);
      });
    }
    return problems;
  } finally {
    await pool.end();
  }
}
