/**
 * What the command-line tools (`npm run migrate | regions | admin`) share: the same config and
 * database as the service, one way to report errors, and exit codes
 *   0 success · 1 refused or failed (bad config, DomainError, database trouble) · 2 usage error.
 * Results go to stdout, errors and progress to stderr. Whatever was opened is closed before exit.
 */
import pino from 'pino';
import { ZodError } from 'zod';
import { createAppContext } from '../../src/app';
import { ConfigError, loadConfig, type Config } from '../../src/config';
import { DomainError } from '../../src/domain/errors';
import { createLogger } from '../../src/logger';
import type { AppContext } from '../../src/services/context';
import type { DatabaseUrl } from '../../src/store/dataSource';
import { readSecret } from './secret';

/** The command line is wrong: the message, then the usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The database in DATABASE_URL could not be opened or migrated. */
export class DatabaseOpenError extends Error {
  constructor(database: DatabaseUrl, cause: unknown) {
    super(`无法打开数据库 / cannot open the database in DATABASE_URL (${describeDatabase(database)}): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'DatabaseOpenError';
  }
}

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: NodeJS.ProcessEnv;
  /** Where a secret a command asks for is typed (default: the terminal, unechoed, or one line of piped stdin). */
  secret?: (prompt: string) => Promise<string>;
}

export interface Cli {
  /** One line (or several joined by newlines) to stdout. */
  out(text?: string): void;
  /** Where progress and warnings go. */
  stderr: OutputStream;
  /** The service's config, from the environment; a ConfigError ends the run with exit code 1. */
  config(): Config;
  /** Connects and runs pending migrations (once), exactly as the service does at start-up. */
  app(): Promise<AppContext>;
  /** Runs at the end of the run, last registered first, whatever happened. */
  onClose(close: () => Promise<unknown>): void;
  /** Asks for a secret (a password) without showing it. */
  secret(prompt: string): Promise<string>;
}

export interface CliSpec {
  usage: string;
  main(args: string[], cli: Cli): Promise<void>;
}

/** `SQLite ./data/shenbao.db`, `MariaDB user@host:3306/db`: never the password. */
export function describeDatabase(database: DatabaseUrl): string {
  if (database.kind === 'sqlite') return `SQLite ${database.path}`;
  try {
    const url = new URL(database.url);
    return `MariaDB ${url.username ? `${decodeURIComponent(url.username)}@` : ''}${url.host}${url.pathname}`;
  } catch {
    return 'MariaDB';
  }
}

/** Runs one command and returns its exit code; never throws. */
export async function runCli(spec: CliSpec, args: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  const closers: (() => Promise<unknown>)[] = [];
  let config: Config | undefined;
  let app: Promise<AppContext> | undefined;
  const cli: Cli = {
    out: (text = '') => io.stdout.write(`${text}\n`),
    stderr: io.stderr,
    config: () => (config ??= loadConfig(io.env)),
    app: () =>
      (app ??= (async () => {
        const cfg = cli.config();
        // A command says what it did itself; the service's info lines would only repeat it.
        const logger = createLogger(io.env.LOG_LEVEL ? cfg.logLevel : 'warn', pino.destination({ fd: 2, sync: true }));
        let context: AppContext;
        try {
          context = await createAppContext(cfg, { logger });
        } catch (error) {
          throw new DatabaseOpenError(cfg.database, error);
        }
        closers.push(async () => {
          if (context.db.isInitialized) await context.db.destroy();
        });
        return context;
      })()),
    onClose: (close) => closers.push(close),
    secret: (prompt) => (io.secret ?? readSecret)(prompt),
  };

  let code: number;
  try {
    await spec.main(args, cli);
    code = 0;
  } catch (error) {
    code = report(error, spec.usage, io);
  }
  for (const close of closers.reverse()) {
    try {
      await close();
    } catch (error) {
      io.stderr.write(`关闭数据库失败 / closing the database failed: ${error instanceof Error ? error.message : String(error)}\n`);
      code ||= 1;
    }
  }
  return code;
}

function report(error: unknown, usage: string, io: CliIo): number {
  if (error instanceof UsageError) {
    io.stderr.write(`${error.message}\n\n${usage}\n`);
    return 2;
  }
  if (error instanceof DomainError && typeof error.details?.field === 'string' && /\.\d+\./.test(error.details.field)) {
    // A file's problem deep in a list: say where (milestones.2.date), or the operator must hunt for it.
    io.stderr.write(`${error.message}（位置：${error.details.field}）\n`);
    return 1;
  }
  if (error instanceof ConfigError || error instanceof DomainError || error instanceof DatabaseOpenError) {
    io.stderr.write(`${error.message}\n`);
    return 1;
  }
  if (error instanceof ZodError) {
    io.stderr.write(`${error.issues[0]?.message ?? error.message}\n`);
    return 1;
  }
  const debug = ['debug', 'trace'].includes(io.env.LOG_LEVEL ?? '');
  io.stderr.write(`失败 / failed: ${error instanceof Error ? (debug ? error.stack : error.message) : String(error)}\n`);
  return 1;
}

/**
 * The entry point of a script run from the command line. The exit code is set rather than forced,
 * so output drains; a handle something left open cannot keep the process alive past a few seconds.
 */
export function runAsMain(spec: CliSpec): void {
  // `npm run regions -- show 152221 | head`: a reader that went away is not a failure.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  void runCli(spec, process.argv.slice(2)).then((code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), 3000).unref();
  });
}
