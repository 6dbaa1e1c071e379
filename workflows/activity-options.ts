// One place for how workflows call activities: a named policy per kind of call (timeouts and retries), and the typed
// proxies every workflow uses. A workflow that needs another policy says why beside its own proxy.
import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { createDnsActivities } from '../activities/dns.js';
import type { createNotifyActivities } from '../activities/notify.js';
import type { createSetupLinkActivities } from '../activities/setup-link.js';

const ONE_MINUTE_BACKOFF = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;
/**
 * Every activity heartbeats every 3 s while it runs (workers/heartbeat-interceptor.ts), whatever it waits on (the
 * rate limiter, the API, DNS): a worker that dies is noticed after this long, not after the start-to-close timeout,
 * and the activity is retried on another worker. (A guarded write that was in flight then waits the settle delay.)
 */
const DEAD_WORKER = { heartbeatTimeout: '15 seconds' } as const;

export const ACTIVITY_POLICIES = {
  /**
   * One Partner API step of a lifecycle workflow (verify, add, activate, delete, a read): each activity makes one
   * call, or reads before it writes. No attempt limit: a Partner API outage pauses the workflow instead of failing it
   * half-way (after the customer exists); 4xx answers are classified non-retryable and end it at once.
   */
  partnerCall: { ...DEAD_WORKER, startToCloseTimeout: '1 minute', retry: ONE_MINUTE_BACKOFF },
  /** Reads that plan a subscription or option change: retried with back-off, up to 30 attempts. */
  planningRead: { ...DEAD_WORKER, startToCloseTimeout: '1 minute', retry: { ...ONE_MINUTE_BACKOFF, maximumAttempts: 30 } },
  /**
   * Guarded writes (read, write, and after an unclear end wait the settle delay and read again): the attempt is long
   * enough that a write never starts late in it (activities/subscriptions.ts WRITE_TIME_NEEDED_MS: the write's
   * budget counts the rate-limiter wait and the token fetch, and the request timeout is cut to end 5 s before the
   * attempt does). A worker that dies mid-write is noticed by the heartbeat timeout; the retry then waits out the
   * settle delay from the moment the write was sent (recorded in the heartbeat details) before it reads.
   */
  guardedWrite: { ...DEAD_WORKER, startToCloseTimeout: '3 minutes', retry: { ...ONE_MINUTE_BACKOFF, maximumAttempts: 30 } },
  /** Reads made while polling: they fail fast, the failure is recorded, and the next poll tries again. */
  poll: { ...DEAD_WORKER, startToCloseTimeout: '1 minute', retry: { initialInterval: '1 second', maximumAttempts: 3 } },
  /** Reads over every customer of the partner (the calendar): one long attempt, a few retries. */
  partnerScan: { ...DEAD_WORKER, startToCloseTimeout: '10 minutes', retry: { ...ONE_MINUTE_BACKOFF, maximumAttempts: 10 } },
  /** Report and drift-check pages: long attempts that heartbeat (with their progress as details). */
  reportPages: {
    startToCloseTimeout: '15 minutes',
    ...DEAD_WORKER,
    retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 8 },
  },
  /** DNS checks of the propagation wait: retried until they answer; the wait's own back-off spaces the checks. */
  dnsCheck: { ...DEAD_WORKER, startToCloseTimeout: '2 minutes', retry: { initialInterval: '5 seconds', maximumInterval: '1 minute' } },
  /**
   * Notifications to the CRM made inline by runs that started before detached delivery (workflows/notifications/):
   * retried for a while, then the workflow records the failure and goes on.
   */
  notification: { ...DEAD_WORKER, startToCloseTimeout: '30 seconds', retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', maximumAttempts: 20 } },
  /**
   * One delivery attempt of a CRM notification: the delivery workflow spaces the attempts itself (back-off for days)
   * so its status shows each attempt. The POST has its own timeout (CRM_CALLBACK_TIMEOUT_MS, 10 s by default).
   */
  crmAttempt: { ...DEAD_WORKER, startToCloseTimeout: '1 minute', retry: { maximumAttempts: 1 } },
  /**
   * Signing a setup page link (activities/setup-link.ts): a plain local computation with the worker's secret, no I/O.
   * No heartbeat timeout: the attempt is shorter than one, so a dead worker is noticed by the start-to-close timeout.
   */
  localComputation: { startToCloseTimeout: '10 seconds', retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 5 } },
} satisfies Record<string, ActivityOptions>;

export const partner = proxyActivities<Activities>(ACTIVITY_POLICIES.partnerCall);
export const planningReads = proxyActivities<Activities>(ACTIVITY_POLICIES.planningRead);
export const guardedWrites = proxyActivities<Activities>(ACTIVITY_POLICIES.guardedWrite);
export const poll = proxyActivities<Activities>(ACTIVITY_POLICIES.poll);
export const partnerScan = proxyActivities<Activities>(ACTIVITY_POLICIES.partnerScan);
export const reports = proxyActivities<Activities>(ACTIVITY_POLICIES.reportPages);
export const dns = proxyActivities<ReturnType<typeof createDnsActivities>>(ACTIVITY_POLICIES.dnsCheck);
export const crm = proxyActivities<ReturnType<typeof createNotifyActivities>>(ACTIVITY_POLICIES.notification);
export const crmAttempt = proxyActivities<ReturnType<typeof createNotifyActivities>>(ACTIVITY_POLICIES.crmAttempt);
export const setupLinks = proxyActivities<ReturnType<typeof createSetupLinkActivities>>(ACTIVITY_POLICIES.localComputation);
