import type { RowDataPacket } from 'mysql2/promise';
import type { ServerChild } from './children';
import { createPool } from './database';
import { httpJson } from './http';

/**
 * One declaration through each server, then the two rows compared: the same columns filled
 * (NULL vs not), times in UTC, one case_events and one outbox row each. Returns the differences.
 */
export async function sanityCheck(service: ServerChild, bare: ServerChild, body: () => unknown, benchUrl: string): Promise<string[]> {
  const ids: number[] = [];
  for (const target of [service, bare]) {
    const res = await httpJson('POST', `${target.url}/api/declarations`, { body: body() });
    if (res.status !== 201) throw new Error(`${target.kind}: POST /api/declarations answered ${res.status}: ${JSON.stringify(res.body)}`);
    ids.push(Number((res.body as { id: number }).id));
  }
  const pool = createPool(benchUrl, 1);
  try {
    const [rows] = await pool.query<RowDataPacket[]>('SELECT * FROM cases WHERE id IN (?, ?) ORDER BY FIELD(id, ?, ?)', [ids[0], ids[1], ids[0], ids[1]]);
    const [a, b] = rows;
    const problems: string[] = [];
    for (const column of Object.keys(a)) {
      if ((a[column] === null) !== (b[column] === null)) problems.push(`${column}: service ${JSON.stringify(a[column])} vs bare ${JSON.stringify(b[column])}`);
    }
    for (const [who, row] of [['service', a], ['bare', b]] as const) {
      const skew = Math.abs((row.createdAt as Date).getTime() - Date.now());
      if (skew > 5 * 60_000) problems.push(`${who} createdAt is ${Math.round(skew / 60_000)} min off: time zone mismatch?`);
    }
    const [[events]] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM case_events WHERE caseId IN (?, ?)', ids);
    const [[outbox]] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM outbox WHERE caseId IN (?, ?)', ids);
    if (Number(events.n) !== 2 || Number(outbox.n) !== 2) problems.push(`expected one case_events and one outbox row each, got ${events.n} and ${outbox.n}`);
    return problems;
  } finally {
    await pool.end();
  }
}
