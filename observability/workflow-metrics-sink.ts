// The worker's side of workflows/metrics-sinks.ts: decisions made inside workflows become application metrics.
// callDuringReplay: false, so a decision is counted when it is made, not again when a worker replays the history
// (after a restart or a cache eviction). Without metrics (undefined) the sink is registered all the same and does
// nothing: a workflow calling an unregistered sink would make the worker log an error.
import type { InjectedSinks } from '@temporalio/worker';
import type { WorkflowMetricsSinks } from '../workflows/metrics-sinks.js';
import type { AppMetrics } from './metrics.js';

export function workflowMetricsSinks(metrics: AppMetrics | undefined): InjectedSinks<WorkflowMetricsSinks> {
  return {
    workflowMetrics: {
      guardedWriteBlocked: {
        fn: (_info, operation) => metrics?.guardedWrites.inc({ operation, outcome: 'blocked_by_collision_guard' }),
        callDuringReplay: false,
      },
    },
  };
}
