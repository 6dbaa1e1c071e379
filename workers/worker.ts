// Creates the worker that runs every workflow and activity of the service on one task queue.
import { fileURLToPath } from 'node:url';
import type { DataConverter, Duration } from '@temporalio/common';
import { DefaultLogger, Worker, type BundleOptions, type NativeConnection, type WorkerInterceptors } from '@temporalio/worker';
import type { WorkerObservabilityOptions } from '../observability/worker-interceptors.js';
import { workflowMetricsSinks } from '../observability/workflow-metrics-sink.js';
import type { Activities } from '../activities/index.js';
import { HeartbeatInterceptor } from './heartbeat-interceptor.js';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
/** Workflow interceptors bundled with the workflows: an API refusal is shown with its words on top (workflows/api-refusals.ts). */
export const WORKFLOW_INTERCEPTOR_MODULES = [fileURLToPath(new URL('../workflows/api-refusals.ts', import.meta.url))];

/**
 * Modules the worker's V8 context loads once and shares between all workflow runs (the bundler's `preloadModules`):
 * zod and domain/'s schema instances (workflows/shared-modules.ts). Every other bundled module is instantiated once
 * per cached run; docs/benchmarks.md "Worker memory" has the measurements.
 */
export const WORKFLOW_PRELOAD_MODULES: readonly string[] = [fileURLToPath(new URL('../workflows/shared-modules.ts', import.meta.url))];

/** What every workflow bundle is built with (`npm run build`, tests, benchmarks); extra interceptor modules go after ours. */
export function workflowBundleOptions(extraInterceptorModules: readonly string[] = []): BundleOptions {
  return {
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: [...WORKFLOW_INTERCEPTOR_MODULES, ...extraInterceptorModules],
    preloadModules: [...WORKFLOW_PRELOAD_MODULES],
    logger: new DefaultLogger('WARN'),
  };
}

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  /** A prebuilt workflow bundle (tests bundle once per file; `npm run build` writes one); default: bundle WORKFLOWS_PATH. */
  workflowBundle?: { code: string } | { codePath: string };
  /**
   * Worker deployment versioning (TEMPORAL_WORKER_DEPLOYMENT_NAME, TEMPORAL_WORKER_BUILD_ID); default off. Workflows
   * auto-upgrade to the deployment's current version: ours live for years, so pinning them would keep old workers
   * running for years; changes to running workflows go through patched() instead (docs/deploying.md).
   */
  deployment?: { name: string; buildId: string };
  /**
   * Activity starts per second on the whole task queue, across all workers (enforced by the Temporal server), so that
   * several workers together stay under the partner's per-operation API limit. Every worker must set the same value.
   * Default: no task-queue limit (each worker's client still limits itself per operation).
   */
  maxTaskQueueActivitiesPerSecond?: number;
  /**
   * Workflow runs kept in memory between tasks (Temporal's sticky cache). Default the SDK's (sized from the heap limit:
   * thousands); a lower value bounds the worker's memory with many waiting workflows, at the cost of replaying a run
   * that was evicted when its next task comes (docs/benchmarks.md, `waiting`).
   */
  maxCachedWorkflows?: number;
  /** Payload encryption (lib/payload-codec.ts); default: Temporal's plain JSON payloads. */
  dataConverter?: DataConverter;
  /** Metrics and tracing interceptors and sinks (observability/worker-interceptors.ts); default none. */
  observability?: WorkerObservabilityOptions;
  /**
   * On SIGTERM/SIGINT (or shutdown()), how long running activities may finish before they are cancelled. Default
   * DEFAULT_SHUTDOWN_GRACE: a Partner API request in flight gets its whole timeout (30 s at most) to answer. A write
   * cut off anyway ends unclear and is re-read after the settle delay. Give the process manager a longer stop timeout.
   */
  shutdownGraceTime?: Duration;
}

/** A request in flight may take the client's longest timeout (partner-api/client.ts MAX_REQUEST_TIMEOUT_MS) and a margin. */
export const DEFAULT_SHUTDOWN_GRACE = '35 seconds';
/**
 * Heartbeats reach the server at most this late, so the details a guarded write records before it sends
 * (activities/subscriptions.ts) are on the server before the request goes out, even if the worker is killed next.
 */
export const MAX_HEARTBEAT_THROTTLE = '1 second';

export async function createWorker(options: CreateWorkerOptions): Promise<Worker> {
  // Observability's interceptors join ours: its activity interceptors, and its workflow modules after ours.
  const observed = options.observability?.interceptors as WorkerInterceptors | undefined;
  const workflowModules = [...WORKFLOW_INTERCEPTOR_MODULES, ...(observed?.workflowModules ?? [])];
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    // A prebuilt bundle carries the workflow interceptor modules itself (bundleWorkflowCode's workflowInterceptorModules).
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: WORKFLOWS_PATH, bundlerOptions: { preloadModules: [...WORKFLOW_PRELOAD_MODULES] } }),
    interceptors: {
      ...observed,
      workflowModules: options.workflowBundle ? [] : workflowModules,
      // Every activity heartbeats, so a dead worker is noticed within the policies' heartbeat timeout.
      activity: [...(observed?.activity ?? []), () => ({ inbound: new HeartbeatInterceptor() })],
    },
    shutdownGraceTime: options.shutdownGraceTime ?? DEFAULT_SHUTDOWN_GRACE,
    maxHeartbeatThrottleInterval: MAX_HEARTBEAT_THROTTLE,
    defaultHeartbeatThrottleInterval: MAX_HEARTBEAT_THROTTLE,
    ...(options.maxTaskQueueActivitiesPerSecond === undefined ? {} : { maxTaskQueueActivitiesPerSecond: options.maxTaskQueueActivitiesPerSecond }),
    ...(options.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: options.maxCachedWorkflows }),
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    // The workflows' metrics sink is always there (a no-op without observability): workflows call it unconditionally.
    sinks: options.observability?.sinks ?? workflowMetricsSinks(undefined),
    ...(options.deployment
      ? {
          workerDeploymentOptions: {
            version: { deploymentName: options.deployment.name, buildId: options.deployment.buildId },
            useWorkerVersioning: true,
            defaultVersioningBehavior: 'AUTO_UPGRADE',
          },
        }
      : {}),
  });
}
