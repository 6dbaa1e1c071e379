// The application's Prometheus metrics, one registry per process. prom-client rather than the Temporal SDK's metric
// meter: its names and labels are exactly what we write (the SDK's meter prefixes and suffixes names by its exporter's
// settings), its gauges can be computed at scrape time (workflows waiting, notification backlog), and the webhook,
// which runs without a worker, can serve it too. The SDK's own runtime metrics are merged into the same /metrics
// answer by observability/http-server.ts, so operators scrape one address per process.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface AppMetrics {
  registry: Registry;
  apiRequests: Counter<'operation' | 'status_class'>;
  apiRequestDuration: Histogram<'operation'>;
  apiRateLimited: Counter<'operation'>;
  apiRateLimitRemaining: Gauge<'operation'>;
  tokenRequests: Counter<'scope' | 'outcome'>;
  tokenRefreshes: Counter<'scope'>;
  guardedWrites: Counter<'operation' | 'outcome'>;
  dnsChecks: Counter<'result'>;
  dnsWaitToActivation: Histogram;
  workflowsWaiting: Gauge<'state'>;
  notifications: Counter<'type' | 'outcome'>;
  notificationsUndelivered: Gauge;
  webhookEvents: Counter<'outcome' | 'reason'>;
}

/** Every application metric name, as scraped (the dashboard and alert rules may use only these and the SDK's). */
export const APP_METRIC_NAMES = [
  'lineworks_api_requests_total',
  'lineworks_api_request_duration_seconds',
  'lineworks_api_rate_limited_total',
  'lineworks_api_rate_limit_remaining',
  'lineworks_api_token_requests_total',
  'lineworks_api_token_refreshes_total',
  'lineworks_guarded_writes_total',
  'lineworks_dns_checks_total',
  'lineworks_dns_wait_to_activation_seconds',
  'lineworks_workflows_waiting',
  'lineworks_notifications_total',
  'lineworks_notifications_undelivered',
  'lineworks_webhook_events_total',
] as const;

/** Seconds from the DNS records handed out to activation: minutes to days (the deadline is 72 h). */
const DNS_WAIT_BUCKETS = [60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 24 * 3600, 48 * 3600, 72 * 3600, 7 * 24 * 3600];

export function createMetrics(registry: Registry = new Registry()): AppMetrics {
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: L[]) => new Counter<L>({ name, help, labelNames, registers });
  const gauge = <L extends string>(name: string, help: string, labelNames: L[]) => new Gauge<L>({ name, help, labelNames, registers });
  return {
    registry,
    apiRequests: counter(
      'lineworks_api_requests_total',
      'Partner API HTTP requests (each attempt), by operation and status class (2xx, 4xx, 5xx, timeout, network, token)',
      ['operation', 'status_class'],
    ),
    apiRequestDuration: new Histogram({
      name: 'lineworks_api_request_duration_seconds',
      help: 'Partner API request duration (one attempt, without the wait for the client-side rate limiter)',
      labelNames: ['operation'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    apiRateLimited: counter('lineworks_api_rate_limited_total', 'Partner API answers 429 (rate limit exceeded), by operation', ['operation']),
    apiRateLimitRemaining: gauge(
      'lineworks_api_rate_limit_remaining',
      'The rateLimit-remaining header of the last Partner API answer, by operation (the limit is per operation and minute)',
      ['operation'],
    ),
    tokenRequests: counter(
      'lineworks_api_token_requests_total',
      'Access tokens obtained (outcome issued: a new token came into use) or not obtained (outcome failed), by scope',
      ['scope', 'outcome'],
    ),
    tokenRefreshes: counter('lineworks_api_token_refreshes_total', 'Tokens the API refused (401) and that were renewed, by scope', ['scope']),
    guardedWrites: counter(
      'lineworks_guarded_writes_total',
      'Guarded (read-before-write) Partner API writes, by operation and outcome: applied, already_applied, settle_wait, blocked_by_collision_guard (nothing written: a collision the caller did not accept)',
      ['operation', 'outcome'],
    ),
    dnsChecks: counter('lineworks_dns_checks_total', 'DNS propagation checks, by result (propagated, not_yet, error)', ['result']),
    dnsWaitToActivation: new Histogram({
      name: 'lineworks_dns_wait_to_activation_seconds',
      help: 'Time from the DNS records handed out to the customer to the domain activated (measured by the worker that saw both)',
      buckets: DNS_WAIT_BUCKETS,
      registers,
    }),
    workflowsWaiting: gauge(
      'lineworks_workflows_waiting',
      'Running workflows waiting, by state (PartnerState search attribute: waiting_for_dns, waiting_for_approval, waiting_for_date, ...)',
      ['state'],
    ),
    notifications: counter(
      'lineworks_notifications_total',
      'CRM notification attempts, by type and outcome (delivered, failed: will be retried, not_configured: no CRM_CALLBACK_URL)',
      ['type', 'outcome'],
    ),
    notificationsUndelivered: gauge('lineworks_notifications_undelivered', 'CRM notifications whose last attempt on this worker failed and that have not been delivered since', []),
    webhookEvents: counter(
      'lineworks_webhook_events_total',
      'CRM webhook deliveries, by outcome (accepted, rejected) and reason (the error code, or the event type when accepted)',
      ['outcome', 'reason'],
    ),
  };
}

/** The status class label of an answer: 2xx, 4xx, 5xx; or how the request failed without one. */
export function statusClass(status: number | undefined, errorCode: string | undefined): string {
  if (status !== undefined) return `${Math.floor(status / 100)}xx`;
  if (errorCode === 'ERR_PARTNER_TIMEOUT') return 'timeout';
  if (errorCode === 'ERR_PARTNER_NETWORK') return 'network';
  return 'token';
}
