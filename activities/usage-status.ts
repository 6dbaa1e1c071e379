// Usage-status activities: the user cap (now or scheduled) and the scheduled cancellation date. Each attempt reads
// the current state first and sends only what is still missing, so a retry after a "commit then fail" changes nothing.
import type { PartnerApiClient } from '../partner-api/client.js';
import { PartnerNotFoundError, PartnerValidationError } from '../partner-api/errors.js';
import type { UsageStatus } from '../domain/subscriptions/subscription-products.js';
import { planUserCap, type CapCall, type CapPlan, type UsageStatusRenewal, type UserCapTarget } from '../domain/lifecycle/user-cap-plan.js';
import { partnerCall } from './failures.js';
import { sendWrite, UNCLEAR_WRITE_SETTLE, waitOutEarlierWrite, type UnclearWriteDeps } from './unclear-write.js';

export interface UsageStatusActivityDeps extends UnclearWriteDeps {
  client: PartnerApiClient;
}

export interface ApplyUserCapResult {
  /** The plan as seen by this attempt (NO_CHANGE when an earlier attempt already made the change). */
  plan: CapPlan;
  before: UsageStatus;
  after: UsageStatus;
  /** The writes sent: by this attempt, or by an earlier one whose answer was lost (then `before` is what it read). */
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

/** One planned cap call, through the settle-then-re-read path; the usage status it answers with, if any. */
async function send(client: PartnerApiClient, domainId: number, call: CapCall, settle: string, before: UsageStatus): Promise<UsageStatus | undefined> {
  switch (call.operation) {
    case 'patchUsageStatus':
      return sendWrite(call.operation, settle, (options) => client.patchUsageStatus(domainId, call.body, options), before);
    case 'addUsageStatusRenewal':
      return sendWrite(call.operation, settle, (options) => client.addUsageStatusRenewal(domainId, call.body, options), before);
    case 'patchUsageStatusRenewal':
      return sendWrite(call.operation, settle, (options) => client.patchUsageStatusRenewal(domainId, call.body, options), before);
    case 'deleteUsageStatusRenewal':
      try {
        await sendWrite(call.operation, settle, (options) => client.deleteUsageStatusRenewal(domainId, options), before);
        return undefined;
      } catch (err) {
        // Already gone (an earlier attempt deleted it): that is what we wanted.
        if (!(err instanceof PartnerNotFoundError)) throw err;
      }
  }
}

export function createUsageStatusActivities({ client, unclearWriteSettle: settle = UNCLEAR_WRITE_SETTLE }: UsageStatusActivityDeps) {
  return {
    /** The customer's usage status: state, members, cap, scheduled cancellation date and scheduled cap change. */
    async readUsageStatus(domainId: number): Promise<UsageStatus> {
      return partnerCall((signal) => client.getUsageStatus(domainId, { signal }));
    },

    /** Brings the cap (or the scheduled cap change) to `target`, re-planning from a fresh read on every attempt. */
    async applyUserCap(domainId: number, target: UserCapTarget): Promise<ApplyUserCapResult> {
      return partnerCall(async (signal) => {
        const earlier = waitOutEarlierWrite(settle); // after an unclear cap write: settle delay, then re-read and re-plan
        const before = await client.getUsageStatus(domainId, { signal });
        const plan = planUserCap(before, target);
        const earlierBefore = earlier?.context as UsageStatus | undefined;
        if (plan.kind === 'NO_CHANGE' && earlierBefore) {
          // The earlier attempt's write landed though its answer was lost: report the change it made, not "no change".
          const earlierPlan = planUserCap(earlierBefore, target);
          if (earlierPlan.kind === 'CALLS') return { plan: earlierPlan, before: earlierBefore, after: before, sent: earlierPlan.calls.map((c) => c.operation) };
        }
        if (plan.kind !== 'CALLS') return { plan, before, after: before, sent: [] };
        const sent: CapCall['operation'][] = [];
        let answer: UsageStatus | undefined;
        for (const call of plan.calls) {
          answer = await send(client, domainId, call, settle, before);
          sent.push(call.operation);
        }
        // The last write's answer is the state after it (a PATCH or POST answers with the usage status): no re-read.
        return { plan, before, after: answer ?? (await client.getUsageStatus(domainId, { signal })), sent };
      });
    },

    /**
     * Sets (a date) or clears (null) the scheduled cancellation, sending the current cap back unchanged (the PATCH
     * examples always send both fields). Sending the cap deletes a scheduled cap change, so `keepScheduledChange`
     * (read by the workflow before the first attempt) is added again when it is missing afterwards.
     */
    async setWithdrawalDate(domainId: number, withdrawalDate: string | null, keepScheduledChange?: UsageStatusRenewal): Promise<SetWithdrawalDateResult> {
      return partnerCall(async (signal) => {
        waitOutEarlierWrite(settle); // after an unclear date write: settle delay, then re-read
        const before = await client.getUsageStatus(domainId, { signal });
        if (before.status === 'SUSPENDED_WITHDRAWAL') {
          return { kind: 'BLOCKED', reason: `the customer is already pending withdrawal (removal on ${before.withdrawalDate ?? 'an unknown date'}); this cannot be undone or moved`, usage: before };
        }
        let after = before;
        const changed = (before.withdrawalDate ?? null) !== withdrawalDate;
        if (changed) after = await sendWrite('patchUsageStatus', settle, (options) => client.patchUsageStatus(domainId, { maxMemberCount: before.maxMemberCount ?? null, withdrawalDate }, options));
        if (!keepScheduledChange || after.renewal) return { kind: 'DONE', changed, before, after };
        const renewal = { applyDate: keepScheduledChange.applyDate, maxMemberCount: keepScheduledChange.maxMemberCount ?? null };
        try {
          after = await sendWrite('addUsageStatusRenewal', settle, (options) => client.addUsageStatusRenewal(domainId, renewal, options));
          return { kind: 'DONE', changed, before, after, restoredScheduledChange: renewal };
        } catch (err) {
          if (!(err instanceof PartnerValidationError)) throw err;
          return { kind: 'DONE', changed, before, after, lostScheduledChange: { renewal, reason: err.message } };
        }
      });
    },
  };
}
