// Traces: OpenTelemetry through Temporal's interceptors (client start/signal/update spans, workflow spans exported
// through a sink, activity spans), the webhook request as the root span, and each Partner API attempt as a child of
// its activity (observability/partner-api-observer.ts). Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set (or a test
// passes its own span processor): then nothing is registered and the OpenTelemetry API stays a no-op.
import { createRequire } from 'node:module';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  type OpenTelemetrySinks,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { InjectedSinks, WorkerInterceptors } from '@temporalio/worker';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

export const TRACER_NAME = 'lineworks-partner-workflows';

/** The workflow-side interceptors (they run in the workflow sandbox): a worker bundle must include them. */
export const WORKFLOW_TRACING_MODULES = [createRequire(import.meta.url).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')];

export interface Tracing {
  spanProcessor: SpanProcessor;
  resource: Resource;
  /** Sends what is buffered and stops. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  serviceName: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT, e.g. http://localhost:4318 (OTLP over HTTP; `/v1/traces` is appended). */
  otlpEndpoint?: string;
  /** Instead of OTLP (tests: an in-memory exporter behind a SimpleSpanProcessor). */
  spanProcessor?: SpanProcessor;
}

/** Registers the process-wide tracer provider; undefined (tracing off) without an endpoint or processor. */
export function startTracing(options: TracingOptions): Tracing | undefined {
  const spanProcessor =
    options.spanProcessor ?? (options.otlpEndpoint ? new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/+$/, '')}/v1/traces` })) : undefined);
  if (!spanProcessor) return undefined;
  const resource = new Resource({ 'service.name': options.serviceName });
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  // W3C trace context propagation (the default) and an AsyncLocalStorage context manager.
  provider.register({ contextManager: new AsyncLocalStorageContextManager() });
  return { spanProcessor, resource, shutdown: () => provider.shutdown() };
}

/** Worker options that trace activities and workflows (merge into Worker.create's interceptors and sinks). */
export function workerTracing(tracing: Tracing): { interceptors: WorkerInterceptors; sinks: InjectedSinks<OpenTelemetrySinks> } {
  return {
    interceptors: {
      activity: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })],
      workflowModules: WORKFLOW_TRACING_MODULES,
    },
    sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
  };
}

/** Client interceptors that start a span per start/signal/update and pass its context to the workflow in headers. */
export function clientTracing(): { workflow: WorkflowClientInterceptor[] } {
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
}

/**
 * Wraps a fastify route handler in a server span, continuing the caller's trace when it sent a `traceparent`
 * header; whatever the handler starts (a workflow) becomes part of that trace.
 */
export function tracedRoute<R>(name: string, handler: (request: FastifyRequest, reply: FastifyReply) => Promise<R>) {
  return (request: FastifyRequest, reply: FastifyReply): Promise<R> => {
    const parent = propagation.extract(context.active(), request.headers);
    return trace.getTracer(TRACER_NAME).startActiveSpan(name, { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'url.path': request.url } }, parent, async (span) => {
      try {
        return await handler(request, reply);
      } catch (err) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
        throw err;
      } finally {
        span.setAttribute('http.response.status_code', reply.statusCode);
        if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
    });
  };
}
