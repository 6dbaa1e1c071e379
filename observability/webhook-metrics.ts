// Counts the webhook's answers to CRM deliveries: accepted (202, reason = the event type) or rejected (reason = the
// error code it answered: unauthenticated, invalid_event, unsupported_event_type, workflow_busy, unavailable, ... or
// fastify's own, e.g. fst_err_ctp_body_too_large). Read from the answer itself, so no handler needs to report it.
import type { FastifyInstance } from 'fastify';
import type { AppMetrics } from './metrics.js';

function reasonOf(status: number, payload: unknown): string {
  let body: Record<string, unknown> = {};
  try {
    if (typeof payload === 'string') body = JSON.parse(payload) as Record<string, unknown>;
  } catch {
    // Not JSON: the status says enough.
  }
  const raw = status === 202 ? body.type : (body.code ?? body.error);
  return (typeof raw === 'string' && raw ? raw : `http_${status}`).toLowerCase().replace(/[^a-z0-9_.]+/g, '_');
}

export function countWebhookEvents(app: FastifyInstance, metrics: Pick<AppMetrics, 'webhookEvents'>, path: string): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'POST' && request.url.split('?')[0] === path) {
      metrics.webhookEvents.inc({ outcome: reply.statusCode === 202 ? 'accepted' : 'rejected', reason: reasonOf(reply.statusCode, payload) });
    }
    return payload;
  });
}
