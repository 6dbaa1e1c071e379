// Usage-status activities: the user cap (now or scheduled) and the scheduled cancellation date. Each attempt reads
// the current state first and sends only what is still missing, so a retry after a "commit then fail" changes nothing.
import type { PartnerApiClient } from '../partner-api/client.js';
import { PartnerNotFoundError, PartnerValidationError } from '../partner-api/errors.js';
import type { UsageStatus } from '../domain/subscriptions/subscription-products.js';
import { planUserCap, type CapCall, type CapPlan, type UsageStatusRenewal, type UserCapTarget } from '../domain/lifecycle/user-cap-plan.js';
import { partnerCall } from './failures.js';

export interface UsageStatusActivityDeps {
  client: PartnerApiClient;
}

export interface ApplyUserCapResult {
  /** The plan as seen by this attempt (NO_CHANGE when an earlier attempt already made the change). */
  plan: CapPlan;
  before: UsageStatus;
  after: UsageStatus;
  /** The writes this attempt sent. */
  sent: CapCall['operation'][];
}

export type SetWithdrawalDateResult =
  | { kind: 'BLOCKED'; reason: string; usage: UsageStatus }
  | {
      kind: 'DONE';
      /** False when the date was already as wanted (nothing sent). */
      changed: boolean;
      before: UsageStatus;
      after: UsageStatus;
      /** The scheduled cap change that the PATCH deleted and that was added again. */
      restoredScheduledChange?: UsageStatusRenewal;
      /** The scheduled cap change could not be added again (the API refused it): the reason. */
      lostScheduledChange?: { renewal: UsageStatusRenewal; reason: string };
    };

async function send(client: PartnerApiClient, domainId: number, call: CapCall, signal: AbortSignal | undefined): Promise<void> {
  switch (call.operation) {
    case 'patchUsageStatus':
      await client.patchUsageStatus(domainId, call.body, { signal });
      return;
    case 'addUsageStatusRenewal':
      await client.addUsageStatusRenewal(domainId, call.body, { signal });
      return;
    case 'patchUsageStatusRenewal':
      await client.patchUsageStatusRenewal(domainId, call.body, { signal });
      return;
    case 'deleteUsageStatusRenewal':
      try {
        await client.deleteUsageStatusRenewal(domainId, { signal });
      } catch (err) {
        // Already gone (an earlier attempt deleted it): that is what we wanted.
        if (!(err instanceof PartnerNotFoundError)) throw err;
      }
  }
}

export function createUsageStatusActivities({ client }: UsageStatusActivityDeps) {
  return {
    /** The customer's usage status: state, members, cap, scheduled cancellation date and scheduled cap change. */
    async readUsageStatus(domainId: number): Promise<UsageStatus> {
      return partnerCall((signal) => client.getUsageStatus(domainId, { signal }));
    },

    /** Brings the cap (or the scheduled cap change) to `target`, re-planning from a fresh read on every attempt. */
    async applyUserCap(domainId: number, target: UserCapTarget): Promise<ApplyUserCapResult> {
      return partnerCall(async (signal) => {
        const before = await client.getUsageStatus(domainId, { signal });
        const plan = planUserCap(before, target);
        if (plan.kind !== 'CALLS') return { plan, before, after: before, sent: [] };
        const sent: CapCall['operation'][] = [];
        for (const call of plan.calls) {
          await send(client, domainId, call, signal);
          sent.push(call.operation);
        }
        return { plan, before, after: await client.getUsageStatus(domainId, { signal }), sent };
      });
    },

    /**
     * Sets (a date) or clears (null) the scheduled cancellation, sending the current cap back unchanged (the PATCH
     * examples always send both fields). Sending the cap deletes a scheduled cap change, so `keepScheduledChange`
     * (read by the workflow before the first attempt) is added again when it is missing afterwards.
     */
    async setWithdrawalDate(domainId: number, withdrawalDate: string | null, keepScheduledChange?: UsageStatusRenewal): Promise<SetWithdrawalDateResult> {
      return partnerCall(async (signal) => {
        const before = await client.getUsageStatus(domainId, { signal });
        if (before.status === 'SUSPENDED_WITHDRAWAL') {
          return { kind: 'BLOCKED', reason: `the customer is already pending withdrawal (removal on ${before.withdrawalDate ?? 'an unknown date'}); this cannot be undone or moved`, usage: before };
        }
        let after = before;
        const changed = (before.withdrawalDate ?? null) !== withdrawalDate;
        if (changed) after = await client.patchUsageStatus(domainId, { maxMemberCount: before.maxMemberCount ?? null, withdrawalDate }, { signal });
        if (!keepScheduledChange || after.renewal) return { kind: 'DONE', changed, before, after };
        const renewal = { applyDate: keepScheduledChange.applyDate, maxMemberCount: keepScheduledChange.maxMemberCount ?? null };
        try {
          after = await client.addUsageStatusRenewal(domainId, renewal, { signal });
          return { kind: 'DONE', changed, before, after, restoredScheduledChange: renewal };
        } catch (err) {
          if (!(err instanceof PartnerValidationError)) throw err;
          return { kind: 'DONE', changed, before, after, lostScheduledChange: { renewal, reason: err.message } };
        }
      });
    },
  };
}
