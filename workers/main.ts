// Runs a worker against an existing Temporal server (`npm run worker`): for clusters, Temporal Cloud, or any
// number of extra workers next to `npm start`. Needs TEMPORAL_ADDRESS (default localhost:7233) and either LINE WORKS
// credentials or LINEWORKS_API_BASE_URL pointing at a simulator.
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../config/env.js';
import { loadOrExit } from '../config/load-or-exit.js';
import { createLogger } from '../lib/logger.js';
import { loadTriggersConfig } from '../config/triggers.js';
import { installRuntime, startWorkerObservability } from './observability.js';
import { createServiceWorker, partnerApiBaseUrl } from './service-worker.js';

const config = loadOrExit(loadConfig);
const triggers = loadOrExit(loadTriggersConfig);
const logger = createLogger({ level: config.logLevel });
const telemetry = installRuntime(config, logger);

const baseUrl = partnerApiBaseUrl(config);
if (!baseUrl) {
  console.error('no LINE WORKS credentials and no LINEWORKS_API_BASE_URL: set credentials, or point LINEWORKS_API_BASE_URL at a simulator');
  process.exit(2);
}
const address = config.temporal.address ?? `localhost:${config.temporal.devServerPort}`;
// Before the worker: /readyz answers "not ready" while it is being created.
const observability = await startWorkerObservability(config, telemetry);
const connection = await NativeConnection.connect({ address });
const worker = await createServiceWorker({ connection, config, triggers, baseUrl, logger, observability });
observability.attach(worker, connection, config.temporal.namespace);
logger.info(
  { address, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue, partnerApi: baseUrl, metrics: observability.url && `${observability.url}/metrics` },
  'worker started',
);
try {
  await worker.run();
} finally {
  await connection.close();
  await observability.close();
}
