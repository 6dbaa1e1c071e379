// Routes the Temporal SDK's own logs (worker, core) into our pino logger, once per process, and (with a bind address)
// serves the SDK's runtime metrics (task latencies, slots, polls) in Prometheus format on that loopback address;
// observability/http-server.ts appends them to the process's /metrics.
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from 'pino';

const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

export interface RuntimeTelemetry {
  /** host:port for the SDK's Prometheus exporter, e.g. 127.0.0.1:9465. */
  prometheusBindAddress: string;
}

export function installRuntimeLogger(logger: Logger, level: LogLevel = 'INFO', telemetry?: RuntimeTelemetry): void {
  const temporalLogger = logger.child({ component: 'temporal' });
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => {
      temporalLogger[levels[entry.level]]({ ...entry.meta }, entry.message);
    }),
    ...(telemetry
      ? {
          telemetryOptions: {
            // Prometheus conventions: counters end in _total, durations are histograms in seconds.
            metrics: { prometheus: { bindAddress: telemetry.prometheusBindAddress, countersTotalSuffix: true, unitSuffix: true, useSecondsForDurations: true } },
          },
        }
      : {}),
  });
}

/** The SDK exporter's scrape URL for a bind address. */
export function sdkMetricsUrl(telemetry: RuntimeTelemetry): string {
  return `http://${telemetry.prometheusBindAddress}/metrics`;
}
