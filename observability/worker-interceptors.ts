// The worker options observability adds: the activity metrics interceptor and the workflow metrics sink always, and
// with tracing the OpenTelemetry activity and workflow interceptors and the sink that exports workflow spans.
import type { InjectedSinks, WorkerInterceptors } from '@temporalio/worker';
import { activityMetrics, ActivityMetricsState } from './activity-metrics.js';
import type { AppMetrics } from './metrics.js';
import { workerTracing, type Tracing } from './tracing.js';
import { workflowMetricsSinks } from './workflow-metrics-sink.js';

export interface WorkerObservabilityOptions {
  interceptors: WorkerInterceptors;
  sinks: InjectedSinks<never>;
}

export function workerObservabilityOptions(metrics: AppMetrics, tracing?: Tracing, state = new ActivityMetricsState()): WorkerObservabilityOptions {
  const traced = tracing ? workerTracing(tracing) : undefined;
  return {
    interceptors: {
      activity: [...(traced?.interceptors.activity ?? []), activityMetrics(metrics, state)],
      ...(traced ? { workflowModules: traced.interceptors.workflowModules } : {}),
    },
    sinks: { ...workflowMetricsSinks(metrics), ...traced?.sinks } as InjectedSinks<never>,
  };
}
