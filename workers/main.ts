// Runs a worker against an existing Temporal server (`npm run worker`): for clusters, Temporal Cloud, or any
// number of extra workers next to `npm start`. Needs TEMPORAL_ADDRESS (default localhost:7233) and either LINE WORKS
// credentials or LINEWORKS_API_BASE_URL pointing at a simulator.
import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { loadConfig, hasCredentials } from '../config/env.js';
import { createLogger } from '../lib/logger.js';
import { partnerClientFromConfig } from '../partner-api/from-config.js';
import { installRuntimeLogger } from './runtime.js';
import { ensureSearchAttributes } from './search-attributes.js';
import { createWorker } from './worker.js';
import { loadTriggersConfig } from '../webhook/config.js';
import { ensureSchedulesAtStart } from './schedules.js';

const DEFAULT_API = 'https://www.worksapis.com/v1.0';

const config = loadConfig();
const triggers = loadTriggersConfig();
const logger = createLogger({ level: config.logLevel });
installRuntimeLogger(logger, 'WARN');

const baseUrl = config.partnerApi.baseUrl ?? (hasCredentials(config.partnerApi.credentials) ? DEFAULT_API : undefined);
if (!baseUrl) {
  logger.fatal('no LINE WORKS credentials and no LINEWORKS_API_BASE_URL: set credentials, or point LINEWORKS_API_BASE_URL at a simulator');
  process.exit(1);
}
const address = config.temporal.address ?? `localhost:${config.temporal.devServerPort}`;
const connection = await NativeConnection.connect({ address });
await ensureSearchAttributes(connection, config.temporal.namespace, logger);
const worker = await createWorker({
  connection,
  namespace: config.temporal.namespace,
  taskQueue: config.temporal.taskQueue,
  maxTaskQueueActivitiesPerSecond: config.temporal.maxTaskQueueActivitiesPerSecond,
  activities: createActivities({ client: partnerClientFromConfig(config, baseUrl, logger.child({ component: 'partner-api' })), dns: config.dns, notify: triggers.notify, reports: triggers.reports }),
});
await ensureSchedulesAtStart({ connection, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue, enabled: triggers.schedulesEnabled, logger });
logger.info({ address, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue, partnerApi: baseUrl }, 'worker started');
try {
  await worker.run();
} finally {
  await connection.close();
}
