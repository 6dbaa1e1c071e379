// `npm run setup-page`: the DNS setup page server on its own, next to workers run with `npm run worker` (which sign
// the links with the same SETUP_PAGE_SECRET). Listens on SETUP_PAGE_HOST:SETUP_PAGE_PORT (default 127.0.0.1:8093);
// put it behind a proxy at SETUP_PAGE_BASE_URL to reach customers.
import { loadConfig } from '../config/env.js';
import { loadOrExit } from '../config/load-or-exit.js';
import { loadSetupPageConfig } from '../config/setup-page.js';
import { createLogger } from '../lib/logger.js';
import { connectClient } from '../lib/temporal-client.js';
import { startSetupPageServer } from './app.js';

const config = loadOrExit(loadConfig);
const setupPage = loadOrExit(loadSetupPageConfig);
if (!setupPage.secret) {
  console.error('SETUP_PAGE_SECRET is not set: the setup page cannot verify links without the secret the workers sign them with');
  process.exit(2);
}
const logger = createLogger({ level: config.logLevel });
const { client, close } = await connectClient(config).catch((err: unknown) => {
  logger.fatal((err as Error).message);
  process.exit(1);
});
const server = await startSetupPageServer({
  client,
  secret: setupPage.secret,
  checkNowIntervalMs: setupPage.checkNowIntervalMs,
  host: setupPage.host,
  port: setupPage.port,
  logger: logger.child({ component: 'setup-page' }),
});
logger.info({ url: server.url, baseUrl: setupPage.baseUrl }, 'dns setup page listening');
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server
      .stop()
      .then(close)
      .then(() => process.exit(0));
  });
}
