// One worker as its own process, for the fault tests and the chaos harness (they kill it with SIGTERM or SIGKILL).
// Everything comes from the environment, so a parent can start many without a configuration file:
//   WORKER_TEMPORAL_ADDRESS, WORKER_TASK_QUEUE, WORKER_SIMULATOR_URL (the simulator's root, without /v1.0),
//   WORKER_BUNDLE_FILE (a prebuilt workflow bundle: bundling per process would cost seconds of CPU each restart),
//   WORKER_SETTLE (unclear-write settle delay, default 2 minutes), WORKER_SHUTDOWN_GRACE (default the worker's),
//   WORKER_TIMEOUT_MS (Partner API request timeout), WORKER_CRM_URL and WORKER_CRM_SECRET (CRM callbacks),
//   WORKER_RATE_LIMIT_PER_MINUTE (client pacing on, at this limit; default off), WORKER_REPORTS_DIR (results files),
//   WORKER_MAX_CACHED_WORKFLOWS (Temporal's sticky cache size; default the SDK's).
// The Temporal runtime turns SIGTERM and SIGINT into a graceful worker shutdown. Prints "worker ready" when polling.
import { readFile } from 'node:fs/promises';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { createSubscriptionActivities } from '../../activities/subscriptions.js';
import { StaticTokenProvider } from '../../partner-api/auth.js';
import { PartnerApiClient } from '../../partner-api/client.js';
import { SIMULATOR_TOKEN } from '../../partner-api/from-config.js';
import { createWorker } from '../../workers/worker.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required`);
    process.exit(2);
  }
  return value;
}

Runtime.install({ logger: new DefaultLogger((process.env.WORKER_LOG_LEVEL as 'WARN' | undefined) ?? 'ERROR') });
const simulatorUrl = required('WORKER_SIMULATOR_URL').replace(/\/+$/, '');
const client = new PartnerApiClient({
  baseUrl: `${simulatorUrl}/v1.0`,
  tokens: new StaticTokenProvider(SIMULATOR_TOKEN),
  timeoutMs: Number(process.env.WORKER_TIMEOUT_MS ?? 30_000),
  // The simulator enforces the API's limit; tests set their own through its control API. Benchmarks turn the client's
  // pacing on (WORKER_RATE_LIMIT_PER_MINUTE), as a deployed worker has it.
  ...(process.env.WORKER_RATE_LIMIT_PER_MINUTE ? { rateLimitPerMinute: Number(process.env.WORKER_RATE_LIMIT_PER_MINUTE) } : { rateLimits: false as const }),
});
/** The simulator's clock is the API's "now" (tests may move it). */
async function simulatorNow(): Promise<number> {
  const response = await fetch(`${simulatorUrl}/_simulator/clock`);
  return Date.parse(((await response.json()) as { now: string }).now);
}
const crmUrl = process.env.WORKER_CRM_URL;
const unclearWriteSettle = process.env.WORKER_SETTLE ?? '2 minutes';
const connection = await NativeConnection.connect({ address: required('WORKER_TEMPORAL_ADDRESS') });
const worker = await createWorker({
  connection,
  namespace: process.env.WORKER_NAMESPACE ?? 'default',
  taskQueue: required('WORKER_TASK_QUEUE'),
  workflowBundle: { code: await readFile(required('WORKER_BUNDLE_FILE'), 'utf8') },
  activities: {
    ...createActivities({
      client,
      unclearWriteSettle,
      ...(process.env.WORKER_REPORTS_DIR ? { reports: { dir: process.env.WORKER_REPORTS_DIR } } : {}),
      dns: { resolvers: ['127.0.0.1:9'], authoritativePort: 9, timeoutMs: 200 },
      ...(crmUrl ? { notify: { callbackUrl: crmUrl, secret: required('WORKER_CRM_SECRET'), timeoutMs: 5_000 } } : {}),
    }),
    ...createSubscriptionActivities({ client, now: simulatorNow, unclearWriteSettle }),
  },
  ...(process.env.WORKER_MAX_CACHED_WORKFLOWS ? { maxCachedWorkflows: Number(process.env.WORKER_MAX_CACHED_WORKFLOWS) } : {}),
  ...(process.env.WORKER_SHUTDOWN_GRACE ? { shutdownGraceTime: process.env.WORKER_SHUTDOWN_GRACE as `${number}s` } : {}),
});
console.log('worker ready');
try {
  await worker.run();
} finally {
  await connection.close();
}
console.log('worker stopped');
