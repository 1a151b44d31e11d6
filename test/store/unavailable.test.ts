import { QueryFailedError } from 'typeorm';
import { DatabaseTimeoutError } from '../../src/store/dataSource';
import { isDatabaseUnavailable, unavailableReason } from '../../src/store/unavailable';

const driverError = (code: string, message = code) => Object.assign(new Error(message), { code });
const failed = (code: string, message?: string) => new QueryFailedError('SELECT ?', ['巴特尔'], driverError(code, message));

describe('isDatabaseUnavailable', () => {
  it.each([
    ['refused connection', driverError('ECONNREFUSED')],
    ['dual-stack refusal', Object.assign(new AggregateError([driverError('ECONNREFUSED'), driverError('ECONNREFUSED')]), { code: 'ECONNREFUSED' })],
    ['dual-stack refusal without a code of its own', new AggregateError([driverError('ECONNREFUSED')])],
    ['connection lost mid-query', failed('PROTOCOL_CONNECTION_LOST')],
    ['query timeout', failed('PROTOCOL_SEQUENCE_TIMEOUT')],
    ['handshake timeout', driverError('ETIMEDOUT')],
    ['no free pooled connection in time', new DatabaseTimeoutError(3000)],
    ['pool queue full', new Error('Queue limit reached.')],
    ['a connection that died between two statements', new QueryFailedError('SELECT 1', [], new Error("Can't add new command when connection is in closed state"))],
    ['lock wait timeout', failed('ER_LOCK_WAIT_TIMEOUT')],
    ['Galera certification conflict', failed('ER_LOCK_DEADLOCK')],
    ['Galera commit on a node cut off from the primary component', failed('ER_ERROR_DURING_COMMIT')],
    ['server shutting down', failed('ER_SERVER_SHUTDOWN')],
    ['SQLite busy after retries', failed('SQLITE_BUSY')],
    ['SQLite disk error (extended code)', failed('SQLITE_IOERR_WRITE')],
  ])('is true for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a duplicate key', failed('ER_DUP_ENTRY')],
    ['a syntax error (a bug)', failed('ER_PARSE_ERROR')],
    ['a value too long (a missing schema limit)', failed('ER_DATA_TOO_LONG')],
    ['a SQLite constraint', failed('SQLITE_CONSTRAINT_UNIQUE')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('is false for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('describes an outage by code only', () => {
    expect(unavailableReason(failed('PROTOCOL_SEQUENCE_TIMEOUT', "Query inactivity timeout: '巴特尔'"))).toBe('PROTOCOL_SEQUENCE_TIMEOUT');
    expect(unavailableReason(new DatabaseTimeoutError(10))).toBe('DB_ACQUIRE_TIMEOUT');
    expect(unavailableReason(new QueryFailedError('SELECT 1', [], new Error("Can't add new command when connection is in closed state")))).toBe('CONNECTION_CLOSED');
    expect(unavailableReason(new Error('Queue limit reached.'))).toBe('POOL_QUEUE_FULL');
  });
});
