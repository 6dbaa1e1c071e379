// How business workflows notify the CRM: each notification is handed to its own detached workflow
// (deliver-crm-notification.ts) and the business workflow goes on at once. The `crmNotifications` query lists what
// this run handed over, with the delivering workflow's ID (its status query and PartnerState say how it went).
import { defineQuery, ParentClosePolicy, patched, setHandler, startChild, workflowInfo } from '@temporalio/workflow';
import type { CrmNotification } from '../../activities/notify.js';
import { crm } from '../activity-options.js';
import { deliverCrmNotification } from './deliver-crm-notification.js';

export interface SentCrmNotification {
  type: string;
  notificationId: string;
  /** The workflow delivering it; absent for runs that started before detached delivery (delivered inline). */
  deliveryWorkflowId?: string;
  /** Inline delivery only (older runs): what became of it. */
  outcome?: string;
}

export const crmNotificationsQuery = defineQuery<SentCrmNotification[]>('crmNotifications');

/** Change ID of detached delivery: runs that started with the inline activity call replay it unchanged. */
export const DETACHED_NOTIFICATIONS_PATCH = 'crm-notifications-detached';

export interface CrmNotifier {
  /** Hands the notification over and returns without waiting for delivery; never throws a CRM failure. */
  send(notification: CrmNotification): Promise<void>;
  readonly sent: SentCrmNotification[];
}

/** Call once at the start of a workflow; registers the `crmNotifications` query. */
export function crmNotifier(): CrmNotifier {
  const sent: SentCrmNotification[] = [];
  setHandler(crmNotificationsQuery, () => sent);
  return {
    sent,
    async send(notification) {
      const { workflowId, runId } = workflowInfo();
      const notificationId = notification.id ?? `${workflowId}/${runId}/${sent.length + 1}/${notification.type}`;
      if (patched(DETACHED_NOTIFICATIONS_PATCH)) {
        const deliveryWorkflowId = `crm-notify/${notificationId}`;
        sent.push({ type: notification.type, notificationId, deliveryWorkflowId });
        await startChild(deliverCrmNotification, {
          workflowId: deliveryWorkflowId,
          args: [{ notification: { ...notification, id: notificationId }, ...customerOf(notification) }],
          // The delivery outlives this workflow: it keeps retrying after the business work is done.
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
        return;
      }
      // Runs started before detached delivery made this activity call inline: keep the same command, but a failure is
      // recorded instead of failing the business workflow.
      const entry: SentCrmNotification = { type: notification.type, notificationId };
      sent.push(entry);
      try {
        const result = await crm.notifyCrm(notification);
        entry.notificationId = result.id;
        entry.outcome = result.delivered ? 'DELIVERED' : `NOT_DELIVERED: ${result.reason}`;
      } catch (err) {
        entry.outcome = `UNDELIVERED: ${err instanceof Error ? err.message : String(err)}`;
      }
    },
  };
}

/** The customer a notification is about, for the delivery workflow's search attributes. */
function customerOf({ data }: CrmNotification): { domain?: string; domainId?: number } {
  return {
    ...(typeof data.domain === 'string' ? { domain: data.domain } : {}),
    ...(typeof data.domainId === 'number' ? { domainId: data.domainId } : {}),
  };
}
