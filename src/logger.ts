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

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[已隐藏]' }, base: undefined };
  return destination ? pino(options, destination) : pino(options);
}
