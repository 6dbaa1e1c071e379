// A worker process's observability, wired from the configuration (npm start, npm run worker): the metrics registry
// and the /metrics, /healthz, /readyz server (started before the worker, so readiness answers "not ready" while the
// worker is still being created), the SDK's runtime metrics, and tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set.
import type { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { ServiceConfig } from '../config/env.js';
import { workerReadiness } from '../observability/health.js';
import { startObservabilityServer, type ObservabilityServer } from '../observability/http-server.js';
import { createMetrics, type AppMetrics } from '../observability/metrics.js';
import { startTracing, type Tracing } from '../observability/tracing.js';
import { refreshWorkflowsWaiting } from '../observability/workflows-waiting.js';
import { serviceClient } from '../lib/temporal-client.js';
import { installRuntimeLogger, sdkMetricsUrl, type RuntimeTelemetry } from './runtime.js';

export interface WorkerObservability {
  metrics: AppMetrics;
  tracing?: Tracing;
  /** The /metrics server's base URL, when metrics are on. */
  url?: string;
  /** Tells readiness and the waiting-workflows gauge which worker and connection to look at. */
  attach(worker: Worker, connection: NativeConnection, namespace: string): void;
  close(): Promise<void>;
}

/** Installs the SDK runtime (logs, and its Prometheus exporter when metrics are on). Call once, first. */
export function installRuntime(config: ServiceConfig, logger: Logger): RuntimeTelemetry | undefined {
  const metricsConfig = config.observability.metrics;
  const telemetry = metricsConfig ? { prometheusBindAddress: `127.0.0.1:${metricsConfig.sdkPort}` } : undefined;
  installRuntimeLogger(logger, 'WARN', telemetry);
  return telemetry;
}

export async function startWorkerObservability(config: ServiceConfig, telemetry: RuntimeTelemetry | undefined): Promise<WorkerObservability> {
  const metrics = createMetrics();
  const tracing = startTracing(config.observability.tracing);
  let attached: { worker: Worker; connection: NativeConnection; client: Client } | undefined;
  let server: ObservabilityServer | undefined;
  const metricsConfig = config.observability.metrics;
  if (metricsConfig) {
    server = await startObservabilityServer({
      host: metricsConfig.host,
      port: metricsConfig.port,
      registry: metrics.registry,
      sdkMetricsUrl: telemetry ? sdkMetricsUrl(telemetry) : undefined,
      readiness: workerReadiness(
        () => attached?.worker,
        () => attached?.connection,
      ),
      beforeScrape: async () => {
        if (attached) await refreshWorkflowsWaiting(attached.client, metrics);
      },
    });
  }
  return {
    metrics,
    tracing,
    url: server?.url,
    attach(worker, connection, namespace) {
      attached = { worker, connection, client: serviceClient({ connection, namespace }) };
    },
    async close() {
      await server?.close();
      await tracing?.shutdown();
    },
  };
}
