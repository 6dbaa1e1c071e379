// `npm run webhook`: the CRM webhook receiver on its own, next to an existing Temporal server and worker.
// Needs CRM_WEBHOOK_SECRET; listens on WEBHOOK_HOST:WEBHOOK_PORT (default 127.0.0.1:8091).
import { loadConfig } from '../config/env.js';
import { loadOrExit } from '../config/load-or-exit.js';
import { createLogger } from '../lib/logger.js';
import { connectClient } from '../lib/temporal-client.js';
import { crmStateFor } from '../lib/crm-state-temporal.js';
import { startWebhookServer } from './app.js';
import { loadTriggersConfig } from '../config/triggers.js';
import { serverReachable } from '../observability/health.js';
import { startObservabilityServer } from '../observability/http-server.js';
import { createMetrics } from '../observability/metrics.js';
import { clientTracing, startTracing } from '../observability/tracing.js';

const config = loadOrExit(loadConfig);
const triggers = loadOrExit(loadTriggersConfig);
const secret = triggers.webhook.secret;
if (!secret) {
  console.error('CRM_WEBHOOK_SECRET is not set: the webhook refuses to run without a signing secret');
  process.exit(2);
}
const logger = createLogger({ level: config.logLevel });
const metrics = createMetrics();
const tracing = startTracing(config.observability.tracing);
// A refused connection says where and how it tried (lib/temporal-connection.ts), without a stack trace.
const { client, close } = await connectClient(config, tracing ? clientTracing() : undefined).catch((err: unknown) => {
  logger.fatal((err as Error).message);
  process.exit(1);
});
const { app, url } = await startWebhookServer({
  client,
  taskQueue: config.temporal.taskQueue,
  secret,
  crmStateFile: triggers.reports.crmStateFile,
  crmState: crmStateFor(triggers.reports, client, config.temporal.taskQueue),
  toleranceSeconds: triggers.webhook.toleranceSeconds,
  bodyLimitBytes: triggers.webhook.bodyLimitBytes,
  limits: triggers.webhook.limits,
  port: triggers.webhook.port,
  host: triggers.webhook.host,
  logger: logger.child({ component: 'webhook' }),
  metrics,
});
// Its own /metrics, /healthz and /readyz (ready while the Temporal server answers) on METRICS_HOST:METRICS_PORT.
const metricsConfig = config.observability.metrics;
const observability = metricsConfig
  ? await startObservabilityServer({ host: metricsConfig.host, port: metricsConfig.port, registry: metrics.registry, readiness: () => serverReachable(client.connection) })
  : undefined;
logger.info({ url: `${url}/crm/events`, taskQueue: config.temporal.taskQueue, metrics: observability && `${observability.url}/metrics` }, 'crm webhook listening');
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app
      .close()
      .then(() => observability?.close())
      .then(() => tracing?.shutdown())
      .then(close)
      .then(() => process.exit(0));
  });
}
