import { once } from 'node:events';
import type { Config } from './config';
import { startProcess } from './processEntry';
import { createAppContext } from './app';
import { createHttpApp } from './http/app';
import { startDeliverers } from './jobs/runDeliverers';
import { officialAccountOf } from './officialAccount/runtime';
import { startScheduler } from './jobs/scheduler';
import { createLogger } from './logger';
import { seedDemoCases } from './services/demoCases';
import { describeDemoLogins, saveDemoLogins, seedDemoCounty } from './services/demoSeed';

async function main(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel);
  const app = await createAppContext(config, { logger });
  const server = createHttpApp(app).listen(config.port, config.host);
  await once(server, 'listening');
  const address = server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : config.port}`;
  logger.info({ url: baseUrl, console: `${baseUrl}/console/`, db: config.database.kind, demoLogin: config.demoLogin }, '申报通 service started');

  if (config.demoSeed) {
    const logins = await seedDemoCounty(app, config.demoCounty);
    if (logins) {
      // Cases to look at in the console; a failure here must not stop the service.
      await seedDemoCases(app, config.demoCounty).catch((error: unknown) => logger.warn({ err: error }, 'demo cases not loaded'));
      const text = describeDemoLogins(logins, baseUrl);
      const where = config.database.kind === 'sqlite' ? saveDemoLogins(text, config.database.path) : null;
      process.stdout.write(`\n${text}\n${where ? `（已保存到 ${where}）\n` : ''}\n`);
    }
  }

  // Resident progress notices (subscribe messages) and the Official Account's chat need the WeChat API.
  const deliverers = config.wechat || config.officialAccount ? startDeliverers(app) : null;
  // Reminders: a lease-locked tick every minute, so running it in every process is safe.
  const scheduler = config.scheduler ? startScheduler(app) : null;

  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    server.close();
    await scheduler?.stop();
    await deliverers?.stop();
    // Answers that followed a "success" would otherwise be lost with the process.
    await officialAccountOf(app)?.push.drain();
    await app.db.destroy();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

startProcess('服务', main);
