// `npm run webhook`: the CRM webhook receiver on its own, next to an existing Temporal server and worker.
// Needs CRM_WEBHOOK_SECRET; listens on WEBHOOK_HOST:WEBHOOK_PORT (default 127.0.0.1:8091).
import { loadConfig } from '../config/env.js';
import { loadOrExit } from '../config/load-or-exit.js';
import { createLogger } from '../lib/logger.js';
import { connectClient } from '../lib/temporal-client.js';
import { startWebhookServer } from './app.js';
import { loadTriggersConfig } from '../config/triggers.js';

const config = loadOrExit(loadConfig);
const triggers = loadOrExit(loadTriggersConfig);
const secret = triggers.webhook.secret;
if (!secret) {
  console.error('CRM_WEBHOOK_SECRET is not set: the webhook refuses to run without a signing secret');
  process.exit(2);
}
const logger = createLogger({ level: config.logLevel });
const { client, close } = await connectClient(config);
const { app, url } = await startWebhookServer({
  client,
  taskQueue: config.temporal.taskQueue,
  secret,
  crmStateFile: triggers.reports.crmStateFile,
  toleranceSeconds: triggers.webhook.toleranceSeconds,
  bodyLimitBytes: triggers.webhook.bodyLimitBytes,
  limits: triggers.webhook.limits,
  port: triggers.webhook.port,
  host: triggers.webhook.host,
  logger: logger.child({ component: 'webhook' }),
});
logger.info({ url: `${url}/crm/events`, taskQueue: config.temporal.taskQueue }, 'crm webhook listening');
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(close).then(() => process.exit(0));
  });
}
