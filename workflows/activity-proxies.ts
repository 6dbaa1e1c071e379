// Activity proxies several workflows share, with the timeouts and retries that suit each kind of call.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { createNotifyActivities } from '../activities/notify.js';

/** Notifications to the CRM: retried for a while (the CRM may be down), then the workflow goes on without them. */
export const crm = proxyActivities<ReturnType<typeof createNotifyActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', maximumAttempts: 20 },
});

/** Reads made while polling: they fail fast, the failure is recorded, and the next poll tries again. */
export const poll = proxyActivities<Activities>({ startToCloseTimeout: '1 minute', retry: { initialInterval: '1 second', maximumAttempts: 3 } });

/** Reads that plan a subscription or option change: retried with back-off, up to 30 attempts. */
export const planningReads = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 30 },
});
