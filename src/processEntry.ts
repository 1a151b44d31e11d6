import { ConfigError, loadConfig, type Config } from './config';

/**
 * Starts a long-running process (the service, the bot) from the environment: a bad setting is one
 * line naming the variable and exit code 1; a failure to start is one line, not a stack.
 */
export function startProcess(what: string, main: (config: Config) => Promise<unknown>): void {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  main(config).catch((error: unknown) => {
    process.stderr.write(`${what}启动失败 / failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
