import type { Logger } from 'pino';
import { createLogger } from '../../src/logger';

/** The service's own logger (same redaction and serializers), writing into an array a test can read. */
export function captureLog(level = 'debug'): { logger: Logger; lines: string[]; records: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (line: string) => void lines.push(line) });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
