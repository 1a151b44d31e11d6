import pino, { type DestinationStream, type Logger } from 'pino';

/** Personal data never reaches the logs, whatever a log line happens to carry. */
export const REDACTED_PATHS = [
  'idNumber',
  'phone',
  'password',
  '*.idNumber',
  '*.phone',
  '*.password',
  '*.*.idNumber',
  '*.*.phone',
  'req.headers.authorization',
  'token',
];

const CENSOR = '[已隐藏]';

/**
 * Keys of an error that carry the data of a failed statement: TypeORM's QueryFailedError keeps
 * the SQL and its bound values (`query`, `parameters`) and copies the driver's own properties
 * onto itself; mysql2 keeps the SQL with the values inlined (`sql`). A visit's names and incomes
 * are bound values, so none of these is ever written. The driver's code and errno stay: they
 * are what an operator needs.
 */
const STATEMENT_KEYS = new Set(['query', 'parameters', 'sql', 'values']);

/**
 * Database messages quote the offending value ("Duplicate entry '110105…' for key …",
 * "Incorrect integer value: '…'", "… near '…' at line 1"); names of keys, columns and tables
 * are kept, any other quoted text is hidden. TypeORM's not-found errors print the criteria.
 */
export function scrubDatabaseText(text: string): string {
  return text
    .replace(/(^|[^\w])'((?:[^'\\]|\\.|'')*)'/g, (whole, before: string, inner: string, offset: number, all: string) => {
      const preceding = all.slice(Math.max(0, offset - 12), offset + before.length);
      return /\b(key|column|table|database|constraint|index|function|variable)\s*$/i.test(preceding) ? whole : `${before}'${CENSOR}'`;
    })
    .replace(/(matching:)[\s\S]*?(\n\s+at |$)/, `$1 ${CENSOR}$2`);
}

function scrub(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrubDatabaseText(value);
  if (!value || typeof value !== 'object' || depth > 5) return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = STATEMENT_KEYS.has(key) ? CENSOR : scrub(inner, depth + 1, seen);
  }
  return out;
}

/** pino's error serializer (type, message, stack, cause…), then without statement data. */
export function serializeError(error: unknown): unknown {
  const base = error instanceof Error ? pino.stdSerializers.err(error) : error;
  return scrub(base, 0, new WeakSet());
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: REDACTED_PATHS, censor: CENSOR },
    serializers: { err: serializeError, error: serializeError },
    base: undefined,
  };
  return destination ? pino(options, destination) : pino(options);
}
