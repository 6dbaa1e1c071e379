// Runs a worker against an existing Temporal server (`npm run worker`, the Docker image): for clusters, Temporal
// Cloud, or any number of extra workers next to `npm start`. Connects as configured (lib/temporal-connection.ts:
// TEMPORAL_ADDRESS, default localhost:7233, API key, TLS/mTLS, temporal.toml profiles), starts from the prebuilt
// workflow bundle when `npm run build` made one, and shuts down gracefully on SIGTERM/SIGINT. Needs either LINE WORKS
// credentials or LINEWORKS_API_BASE_URL pointing at a simulator.
import { loadConfig } from '../config/env.js';
import { loadOrExit } from '../config/load-or-exit.js';
import { createLogger } from '../lib/logger.js';
import { connectNative, temporalTarget } from '../lib/temporal-connection.js';
import { loadTriggersConfig } from '../config/triggers.js';
import { loadSetupPageConfig, setupLinkSettings } from '../config/setup-page.js';
import { installRuntime, startWorkerObservability } from './observability.js';
import { createServiceWorker, partnerApiBaseUrl } from './service-worker.js';
import { stopOnSignals } from './shutdown.js';
import { prebuiltWorkflowBundle } from './workflow-bundle.js';

const config = loadOrExit(loadConfig);
const triggers = loadOrExit(loadTriggersConfig);
// The setup page's links are signed here, with SETUP_PAGE_SECRET; without it the activity hands out no link.
const setupPage = loadOrExit(loadSetupPageConfig);
const logger = createLogger({ level: config.logLevel });
const telemetry = installRuntime(config, logger);

const baseUrl = partnerApiBaseUrl(config);
if (!baseUrl) {
  console.error('no LINE WORKS credentials and no LINEWORKS_API_BASE_URL: set credentials, or point LINEWORKS_API_BASE_URL at a simulator');
  process.exit(2);
}
const target = temporalTarget(config);
// Before the worker: /readyz answers "not ready" while it is being created.
const observability = await startWorkerObservability(config, telemetry);
let connection;
try {
  connection = await connectNative(target);
} catch (err) {
  logger.fatal((err as Error).message);
  await observability.close();
  process.exit(1);
}
const worker = await createServiceWorker({ connection, config, triggers, baseUrl, logger, observability, workflowBundle: prebuiltWorkflowBundle(logger), setupLinks: setupLinkSettings(setupPage) });
observability.attach(worker, connection, target.namespace);
stopOnSignals(worker, logger);
logger.info(
  {
    temporal: target.description,
    taskQueue: config.temporal.taskQueue,
    partnerApi: baseUrl,
    deployment: config.temporal.deployment,
    metrics: observability.url && `${observability.url}/metrics`,
  },
  'worker started',
);
try {
  await worker.run();
  logger.info('worker stopped');
} finally {
  await connection.close();
  await observability.close();
}
