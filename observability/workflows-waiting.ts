// "Workflows waiting, by state" from Temporal's visibility: running workflows counted by their PartnerState search
// attribute, at scrape time. The counts are the namespace's, not this worker's: with several workers, every one
// reports the same numbers (dashboards and alerts take max()). Visibility is eventually consistent: a second or so late.
import type { Client } from '@temporalio/client';
import type { AppMetrics } from './metrics.js';

/** The PartnerState values in which a workflow waits for something outside it (workflows/**: moveTo). */
export const WAITING_STATES = [
  'WAITING_FOR_DNS',
  // Onboarding: LINE WORKS refuses activation until the customer accepts the terms of service.
  'WAITING_FOR_TERMS',
  // Onboarding and group-to-domain: the DNS wait passed its deadline and waits for a person's decision (alerted on).
  'DNS_DEADLINE_REACHED',
  'WAITING_FOR_APPROVAL',
  'WAITING_FOR_DATE',
  'WAITING_FOR_ACTIVE',
  'WAITING_FOR_TRANSFER',
  'WAITING_FOR_NEW_TERM',
  'WAITING_FOR_RENEWAL',
  'WAITING_TO_DECIDE',
] as const;

/** Sets lineworks_workflows_waiting{state} from one count per state; a failed count leaves that state's last value. */
export async function refreshWorkflowsWaiting(client: Client, metrics: AppMetrics): Promise<void> {
  await Promise.all(
    WAITING_STATES.map(async (state) => {
      const { count } = await client.workflow.count(`ExecutionStatus = "Running" AND PartnerState = "${state}"`);
      metrics.workflowsWaiting.set({ state: state.toLowerCase() }, count);
    }),
  );
}
