// Turns the Partner API client's request events into metrics and one span per HTTP attempt. The span is recorded
// when the attempt has ended (with its real start time), as a child of whatever span is active: inside an activity
// that is the activity's span, so the call shows up in the workflow's trace.
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { PartnerApiObserver, PartnerApiRequestEvent } from '../partner-api/observer.js';
import { statusClass, type AppMetrics } from './metrics.js';
import { TRACER_NAME } from './tracing.js';

function recordSpan(event: PartnerApiRequestEvent): void {
  const span = trace.getTracer(TRACER_NAME).startSpan(
    `partner-api ${event.operation}`,
    {
      kind: SpanKind.CLIENT,
      startTime: event.startTimeMs,
      attributes: {
        'lineworks.operation': event.operation,
        'http.request.method': event.method,
        'lineworks.attempt': event.attempt,
        ...(event.status === undefined ? {} : { 'http.response.status_code': event.status }),
        ...(event.errorCode ? { 'error.type': event.errorCode } : {}),
        ...(event.rateLimitRemaining === undefined ? {} : { 'lineworks.rate_limit.remaining': event.rateLimitRemaining }),
      },
    },
    context.active(),
  );
  span.setStatus(event.errorCode ? { code: SpanStatusCode.ERROR, message: event.errorCode } : { code: SpanStatusCode.OK });
  span.end(event.startTimeMs + event.durationMs);
}

export function partnerApiObserver(metrics: AppMetrics): PartnerApiObserver {
  return {
    requestFinished(event) {
      metrics.apiRequests.inc({ operation: event.operation, status_class: statusClass(event.status, event.errorCode) });
      if (event.status !== undefined) metrics.apiRequestDuration.observe({ operation: event.operation }, event.durationMs / 1000);
      if (event.status === 429) metrics.apiRateLimited.inc({ operation: event.operation });
      if (event.rateLimitRemaining !== undefined) metrics.apiRateLimitRemaining.set({ operation: event.operation }, event.rateLimitRemaining);
      recordSpan(event);
    },
    tokenIssued: (scope) => metrics.tokenRequests.inc({ scope, outcome: 'issued' }),
    tokenFailed: (scope) => metrics.tokenRequests.inc({ scope, outcome: 'failed' }),
    tokenRefused: (scope) => metrics.tokenRefreshes.inc({ scope }),
  };
}
