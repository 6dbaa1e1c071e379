// One CRM notification, delivered on its own: a workflow per notification (started detached by the business
// workflow, see notify.ts) that tries the callback, backs off (10 s doubling to 1 hour) and keeps trying for days.
// The business workflow never waits for it, so a CRM outage or refusal cannot fail, block or undo business work.
// While it retries, its status query and PartnerState (DELIVERING) show it; a CRM refusal (4xx) or giving up after
// the delivery window is recorded as the result (REFUSED, GAVE_UP), never thrown.
import { ActivityFailure, ApplicationFailure, defineQuery, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { CrmNotification } from '../../activities/notify.js';
import { setPartnerSearchAttributes } from '../search-attributes.js';
import { crmAttempt } from '../activity-options.js';

export type CrmDeliveryState = 'DELIVERING' | 'DELIVERED' | 'REFUSED' | 'GAVE_UP' | 'NOT_CONFIGURED';

export interface CrmDeliveryStatus {
  state: CrmDeliveryState;
  notificationId: string;
  type: string;
  attempts: number;
  lastError?: string;
  /** When the next attempt is due (ISO time) while DELIVERING. */
  nextAttemptAt?: string;
}

export interface DeliverCrmNotificationInput {
  notification: CrmNotification & { id: string };
  domain?: string;
  domainId?: number;
  /** How long to keep trying. Default 7 days. */
  deliveryWindowMs?: number;
}

export const crmDeliveryStatusQuery = defineQuery<CrmDeliveryStatus>('crmDeliveryStatus');

export const CRM_DELIVERY_WINDOW_MS = 7 * 24 * 3_600_000;
const FIRST_RETRY_MS = 10_000;
const LONGEST_RETRY_MS = 3_600_000;

export async function deliverCrmNotification(input: DeliverCrmNotificationInput): Promise<CrmDeliveryStatus> {
  const { notification } = input;
  const status: CrmDeliveryStatus = { state: 'DELIVERING', notificationId: notification.id, type: notification.type, attempts: 0 };
  setHandler(crmDeliveryStatusQuery, () => status);
  const moveTo = (state: CrmDeliveryState) => {
    status.state = state;
    setPartnerSearchAttributes({ state });
  };
  setPartnerSearchAttributes({ operation: 'crm-notification', state: 'DELIVERING', domain: input.domain, domainId: input.domainId });

  const giveUpAt = workflowInfo().startTime.getTime() + (input.deliveryWindowMs ?? CRM_DELIVERY_WINDOW_MS);
  let delayMs = FIRST_RETRY_MS;
  for (;;) {
    status.attempts += 1;
    status.nextAttemptAt = undefined;
    try {
      const result = await crmAttempt.notifyCrm(notification);
      if (result.delivered) {
        status.lastError = undefined;
        moveTo('DELIVERED');
      } else {
        status.lastError = result.reason;
        moveTo('NOT_CONFIGURED');
      }
      return status;
    } catch (err) {
      const cause = err instanceof ActivityFailure ? err.cause : err;
      status.lastError = cause instanceof Error ? cause.message : String(cause);
      // A 4xx from the CRM is its final answer: record it; trying again cannot change it.
      if (cause instanceof ApplicationFailure && cause.nonRetryable) {
        moveTo('REFUSED');
        return status;
      }
    }
    if (Date.now() + delayMs > giveUpAt) {
      moveTo('GAVE_UP');
      return status;
    }
    status.nextAttemptAt = new Date(Date.now() + delayMs).toISOString();
    await sleep(delayMs);
    delayMs = Math.min(delayMs * 2, LONGEST_RETRY_MS);
  }
}
