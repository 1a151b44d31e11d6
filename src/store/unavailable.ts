/**
 * Whether an error means "the database cannot serve right now" rather than "this request is
 * wrong" or "the code is wrong": the HTTP edge answers those with 503 and Retry-After, so a load
 * balancer and the client back off and try again instead of treating the outage as a bug.
 */
const UNAVAILABLE_CODES = new Set([
  // network and pool (mysql2, node)
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'DB_ACQUIRE_TIMEOUT',
  // the server refuses work for now (MariaDB)
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_SERVER_SHUTDOWN',
  'ER_OUT_OF_RESOURCES',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_LOCK_DEADLOCK',
  'ER_QUERY_INTERRUPTED',
  'ER_STATEMENT_TIMEOUT',
  'ER_OPTION_PREVENTS_STATEMENT', // read-only during a failover
  'ER_UNKNOWN_COM_ERROR', // Galera: node not yet ready for application use
  'ER_ERROR_DURING_COMMIT', // Galera: the node lost the primary component; the commit was rolled back
  // SQLite: another process holds the file, or the disk failed or is full
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_CANTOPEN',
  'SQLITE_PROTOCOL',
]);

/** Driver errors that come without a code, each with a label for the log (their text is fixed, never data). */
const UNAVAILABLE_MESSAGES: [RegExp, string][] = [
  [/^Queue limit reached/, 'POOL_QUEUE_FULL'],
  [/^Pool is closed/, 'POOL_CLOSED'],
  [/^No connections available/, 'POOL_EXHAUSTED'],
  [/^Can't add new command when connection is in closed state/, 'CONNECTION_CLOSED'],
  [/^Can't write in closed state/, 'CONNECTION_CLOSED'],
  [/Connection is not established/, 'NOT_CONNECTED'],
];
/** TypeORM: the data source is closed (shutting down) or was never opened. */
const UNAVAILABLE_NAMES = new Set(['CannotExecuteNotConnectedError', 'ConnectionIsNotSetError', 'DatabaseTimeoutError']);

interface ErrorLike {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function messageLabel(e: ErrorLike): string | null {
  const message = e.message;
  if (typeof message !== 'string') return null;
  return UNAVAILABLE_MESSAGES.find(([pattern]) => pattern.test(message))?.[1] ?? null;
}

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as ErrorLike;
  if (typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || UNAVAILABLE_CODES.has(e.code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1')))) return true;
  if (typeof e.name === 'string' && UNAVAILABLE_NAMES.has(e.name)) return true;
  if (messageLabel(e)) return true;
  // TypeORM wraps the driver's error; node wraps dual-stack connect failures in an AggregateError.
  const inner = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])];
  return inner.some((next) => next !== error && isDatabaseUnavailable(next, depth + 1));
}

/** A short, data-free description for the log: the driver's code, never its message or SQL. */
export function unavailableReason(error: unknown): string {
  const e = (error ?? {}) as ErrorLike;
  const driver = (e.driverError ?? {}) as ErrorLike;
  const code = [driver.code, e.code, messageLabel(driver), messageLabel(e), e.name].find((value) => typeof value === 'string');
  return typeof code === 'string' ? code : 'unknown';
}
