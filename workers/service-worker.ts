// The service's worker as `npm start` and `npm run worker` both run it: every workflow and activity on the task queue,
// the search attributes registered when missing, and the schedules (monthly report, daily drift check) ensured.
import type { NativeConnection, Worker } from '@temporalio/worker';
import { crmStateFor } from '../lib/crm-state-temporal.js';
import type { Logger } from 'pino';
import { createActivities } from '../activities/index.js';
import { hasCredentials, type ServiceConfig } from '../config/env.js';
import { dataConverterFor } from '../lib/payload-codec.js';
import { serviceClient } from '../lib/temporal-client.js';
import { partnerClientFromConfig } from '../partner-api/from-config.js';
import type { TriggersConfig } from '../config/triggers.js';
import type { SetupLinkSettings } from '../config/setup-page.js';
import { ensureSchedulesAtStart } from './schedules.js';
import { ensureSearchAttributes } from './search-attributes.js';
import { createWorker } from './worker.js';
import { partnerApiObserver } from '../observability/partner-api-observer.js';
import { workerObservabilityOptions } from '../observability/worker-interceptors.js';
import type { AppMetrics } from '../observability/metrics.js';
import type { Tracing } from '../observability/tracing.js';

export const LINE_WORKS_API = 'https://www.worksapis.com/v1.0';

/** LINEWORKS_API_BASE_URL, else the real API when credentials are configured; undefined means "use a simulator". */
export function partnerApiBaseUrl(config: ServiceConfig): string | undefined {
  return config.partnerApi.baseUrl ?? (hasCredentials(config.partnerApi.credentials) ? LINE_WORKS_API : undefined);
}

export interface ServiceWorkerOptions {
  connection: NativeConnection;
  config: ServiceConfig;
  triggers: TriggersConfig;
  /** The Partner API (or simulator) base URL the activities call. */
  baseUrl: string;
  logger: Logger;
  /** Application metrics and tracing (workers/observability.ts); without them the worker runs uninstrumented. */
  observability?: { metrics: AppMetrics; tracing?: Tracing };
  /** Signs the DNS setup page links (config/setup-page.ts); undefined: no setup page, no links. */
  setupLinks?: SetupLinkSettings;
  /** The prebuilt workflow bundle (workers/workflow-bundle.ts); default: bundle at start. */
  workflowBundle?: { codePath: string };
}

export async function createServiceWorker({ connection, config, triggers, baseUrl, logger, observability, workflowBundle, setupLinks }: ServiceWorkerOptions): Promise<Worker> {
  const { namespace, taskQueue, maxTaskQueueActivitiesPerSecond, maxCachedWorkflows } = config.temporal;
  await ensureSearchAttributes(connection, namespace, logger);
  const worker = await createWorker({
    connection,
    namespace,
    taskQueue,
    maxTaskQueueActivitiesPerSecond,
    ...(maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows }),
    ...(workflowBundle ? { workflowBundle } : {}),
    ...(config.temporal.deployment ? { deployment: config.temporal.deployment } : {}),
    dataConverter: dataConverterFor(config.temporal.encryption),
    ...(observability ? { observability: workerObservabilityOptions(observability.metrics, observability.tracing) } : {}),
    activities: createActivities({
      client: partnerClientFromConfig(config, baseUrl, logger.child({ component: 'partner-api' }), observability ? partnerApiObserver(observability.metrics) : undefined),
      dns: config.dns,
      notify: triggers.notify,
      reports: triggers.reports,
      setupLinks,
      // The drift check reads the CRM state where the webhook records it (in Temporal by default: any host).
      crmState: crmStateFor(triggers.reports, serviceClient({ connection, namespace, dataConverter: dataConverterFor(config.temporal.encryption) }), taskQueue),
    }),
  });
  await ensureSchedulesAtStart({ connection, namespace, taskQueue, enabled: triggers.schedulesEnabled, logger, dataConverter: dataConverterFor(config.temporal.encryption) });
  return worker;
}
