// The CRM webhook receiver: POST /crm/events. Order of checks: size (413), signature and timestamp (401) on the
// raw bytes before anything is parsed, JSON (400), envelope and data schemas (400, fields named), event type
// (422, supported types listed), then one idempotent Temporal call and a 202 with the workflow ID.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { InvalidInputError } from '../domain/input-validation.js';
import { CrmStateStore, type CrmStateStorage } from '../crm/crm-state.js';
import { checkEnvelope } from './envelope.js';
import { findRoute, supportedEventTypes } from './events.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../crm/signature.js';
import type { WebhookLimits } from '../config/triggers.js';
import { serverOptions } from './server-options.js';
import { UpdateRejectedError, WorkflowBusyError, WorkflowNotRunningError } from './temporal-ops.js';
import type { AppMetrics } from '../observability/metrics.js';
import { tracedRoute } from '../observability/tracing.js';
import { countWebhookEvents } from '../observability/webhook-metrics.js';

export const EVENTS_PATH = '/crm/events';

export interface WebhookOptions {
  client: Client;
  taskQueue: string;
  /** Shared HMAC secret (CRM_WEBHOOK_SECRET). Never logged. */
  secret: string;
  /** Where customer.details_changed state is kept for the drift check: `crmState` (e.g. in Temporal), else this file. */
  crmStateFile: string;
  crmState?: CrmStateStorage;
  /** Accepted clock difference for X-LW-Timestamp, in seconds. Default 300. */
  toleranceSeconds?: number;
  /** Largest accepted body in bytes. Default 65536. */
  bodyLimitBytes?: number;
  /** Timeouts for slow and idle clients and the header size limit (defaults: DEFAULT_WEBHOOK_LIMITS). */
  limits?: Partial<WebhookLimits>;
  logger?: Logger;
  /** Counts deliveries accepted and rejected by reason (observability/webhook-metrics.ts). */
  metrics?: Pick<AppMetrics, 'webhookEvents'>;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function buildWebhookApp(options: WebhookOptions): FastifyInstance {
  const toleranceSeconds = options.toleranceSeconds ?? 300;
  const crmState = options.crmState ?? new CrmStateStore(options.crmStateFile);
  const app = Fastify({
    ...serverOptions(options.limits),
    bodyLimit: options.bodyLimitBytes ?? 65_536,
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
  });

  // Keep the raw bytes: the signature covers them exactly, and nothing is parsed before it is verified.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.get('/healthz', async () => ({ ok: true }));
  if (options.metrics) countWebhookEvents(app as unknown as FastifyInstance, options.metrics, EVENTS_PATH);

  // A span per delivery (a no-op unless tracing is on): the workflow it starts continues the same trace.
  app.post(EVENTS_PATH, tracedRoute('POST /crm/events', async (request, reply) => {
    const rawBody = request.body as Buffer;
    const verified = verifySignature({
      secret: options.secret,
      rawBody,
      signatureHeader: header(request.headers[SIGNATURE_HEADER]),
      timestampHeader: header(request.headers[TIMESTAMP_HEADER]),
      toleranceSeconds,
    });
    if (!verified.ok) {
      request.log.warn({ reason: verified.reason }, 'crm event refused');
      return reply.code(401).send({ error: 'UNAUTHENTICATED', message: verified.reason });
    }

    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return reply.code(400).send({ error: 'INVALID_JSON', message: 'body is not JSON', problems: ['body is not JSON'] });
    }
    const envelope = checkEnvelope(body);
    if (!envelope.ok) return reply.code(400).send({ error: 'INVALID_EVENT', message: 'event does not match the schema', problems: envelope.problems });
    const event = envelope.value;

    const route = findRoute(event.type);
    if (!route) {
      // Never dropped silently: the CRM learns which types this service handles.
      return reply.code(422).send({ error: 'UNSUPPORTED_EVENT_TYPE', message: `${event.type} is not an event type this service handles`, supportedTypes: supportedEventTypes() });
    }
    // Checked completely (data, secret-looking fields, the workflow input it maps to) before anything is recorded or started.
    const problems = route.check(event);
    if (problems.length > 0) return reply.code(400).send({ error: 'INVALID_EVENT', message: `${event.type}: data does not match the schema`, problems });

    try {
      const result = await route.handle(event, { client: options.client, taskQueue: options.taskQueue, crmState });
      request.log.info({ eventId: event.id, type: event.type, ...result }, 'crm event accepted');
      return reply.code(202).send({ accepted: true, eventId: event.id, type: event.type, ...result });
    } catch (err) {
      if (err instanceof InvalidInputError) return reply.code(400).send({ error: 'INVALID_EVENT', message: `${event.type}: invalid data`, problems: err.problems });
      if (err instanceof WorkflowBusyError) {
        return reply.code(409).send({ error: 'WORKFLOW_BUSY', message: `${event.type}: ${err.message}`, workflowId: err.workflowId });
      }
      if (err instanceof UpdateRejectedError) {
        return reply.code(422).send({ error: 'UPDATE_REJECTED', message: `${event.type}: ${err.message}`, workflowId: err.workflowId });
      }
      if (err instanceof WorkflowNotRunningError) {
        return reply.code(409).send({ error: 'WORKFLOW_NOT_RUNNING', message: `${event.type}: ${err.message}`, workflowId: err.workflowId });
      }
      // Temporal unreachable or overloaded: 503 tells the CRM to deliver again later (the same event ID is safe to repeat).
      request.log.error({ err, eventId: event.id, type: event.type }, 'crm event not processed');
      return reply.code(503).send({ error: 'UNAVAILABLE', message: 'the event could not be processed now; deliver it again later' });
    }
  }));

  // The pino logger type parameter differs from fastify's default; callers only need the base instance.
  return app as unknown as FastifyInstance;
}

/** Listens on host:port; resolves with the base URL. */
export async function startWebhookServer(options: WebhookOptions & { port: number; host?: string }): Promise<{ app: FastifyInstance; url: string }> {
  const app = buildWebhookApp(options);
  const address = await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  return { app, url: address };
}
