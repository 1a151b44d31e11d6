import type { AppContext } from '../../src/services/context';

const CHINESE = /[\u4e00-\u9fff]/;

/**
 * What is wrong with an answer for a property test, or null: never a 5xx, and every refusal in
 * the one error shape {"error": {"code", "message"[, "details"]}} with a Chinese message.
 */
export function answerProblem(status: number, body: unknown): string | null {
  if (status >= 500) return `${status} ${JSON.stringify(body).slice(0, 300)}`;
  if (status < 400) return null;
  const shape = body as { error?: { code?: unknown; message?: unknown } } | null;
  const keys = shape && typeof shape === 'object' ? Object.keys(shape) : [];
  const error = shape?.error;
  if (keys.join() !== 'error' || typeof error?.code !== 'string' || typeof error.message !== 'string') return `${status} not in the error shape: ${JSON.stringify(body).slice(0, 300)}`;
  if (!CHINESE.test(error.message)) return `${status} message not in Chinese: ${error.message}`;
  return null;
}

/**
 * Rows in every table and the sum of case versions, in one query: equal before and after a
 * refused request means it wrote, deleted and moved nothing (a case changes only with its version).
 */
export function rowFingerprint(app: AppContext): () => Promise<string> {
  const tables = app.db.entityMetadatas.map((m) => m.tableName).sort();
  const sql = `SELECT ${tables.map((table, i) => `(SELECT COUNT(*) FROM ${table}) AS t${i}`).join(', ')}, (SELECT COALESCE(SUM(version), 0) FROM cases) AS versions`;
  return async () => {
    const [row] = (await app.db.query(sql)) as Record<string, number | string>[];
    return tables.map((table, i) => `${table}=${Number(row[`t${i}`])}`).join(' ') + ` versions=${Number(row.versions)}`;
  };
}
