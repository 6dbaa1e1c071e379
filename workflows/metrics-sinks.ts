// Metrics of decisions made inside workflows, handed to the worker through a sink: workflow code cannot touch the
// process's metrics registry (it runs in the sandbox, and replays), so it calls a sink function that the worker
// implements (observability/workflow-metrics-sink.ts, registered with callDuringReplay: false: a replayed decision is
// not counted again). Sink calls add no commands to the history, so adding one needs no patch.
import { proxySinks, type Sinks } from '@temporalio/workflow';

export interface WorkflowMetricsSinks extends Sinks {
  workflowMetrics: {
    /** A guarded change stopped by the collision guard (collisions the caller did not accept): nothing was written. */
    guardedWriteBlocked(operation: string, collisionKinds: string[]): void;
  };
}

export const { workflowMetrics } = proxySinks<WorkflowMetricsSinks>();
