// The webhook inside `npm start`: started when CRM_WEBHOOK_SECRET is set, on WEBHOOK_HOST:WEBHOOK_PORT.
import type { ConnectionLike } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { Logger } from 'pino';
import { startWebhookServer } from './app.js';
import { crmStateFor } from '../lib/crm-state-temporal.js';
import { serviceClient } from '../lib/temporal-client.js';
import type { TriggersConfig } from '../config/triggers.js';
import type { AppMetrics } from '../observability/metrics.js';
import { clientTracing, type Tracing } from '../observability/tracing.js';

/** Starts the receiver if a secret is configured; returns its URL and a stop function, or undefined. */
export async function startEmbeddedWebhook(options: {
  connection: ConnectionLike;
  namespace: string;
  taskQueue: string;
  triggers: TriggersConfig;
  logger: Logger;
  /** Encrypts what the webhook starts and signals (lib/payload-codec.ts). */
  dataConverter?: DataConverter;
  /** The process's metrics registry, and tracing when on (the webhook's client then passes trace context on). */
  observability?: { metrics: AppMetrics; tracing?: Tracing };
}): Promise<{ url: string; stop: () => Promise<void> } | undefined> {
  const { webhook, reports } = options.triggers;
  if (!webhook.secret) return undefined;
  const client = serviceClient({
    connection: options.connection,
    namespace: options.namespace,
    dataConverter: options.dataConverter,
    ...(options.observability?.tracing ? { interceptors: clientTracing() } : {}),
  });
  const { app, url } = await startWebhookServer({
    client,
    metrics: options.observability?.metrics,
    taskQueue: options.taskQueue,
    secret: webhook.secret,
    crmStateFile: reports.crmStateFile,
    crmState: crmStateFor(reports, client, options.taskQueue),
    toleranceSeconds: webhook.toleranceSeconds,
    bodyLimitBytes: webhook.bodyLimitBytes,
    limits: webhook.limits,
    port: webhook.port,
    host: webhook.host,
    logger: options.logger.child({ component: 'webhook' }),
  });
  return { url: `${url}/crm/events`, stop: () => app.close() };
}
