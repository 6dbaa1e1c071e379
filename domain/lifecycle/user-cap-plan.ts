// What a user-cap request needs, given the current usage status. Pure: the workflow plans with it (to ask for
// confirmation or say "nothing to do"), and the activity re-plans with it on every attempt, so a retry after a
// "commit then fail" finds the change already made and sends nothing.
import type { UsageStatus } from '../subscriptions/subscription-products.js';

export type UsageStatusRenewal = NonNullable<UsageStatus['renewal']>;

export type UserCapTarget =
  | { action: 'SET_NOW'; maxMemberCount: number | null; confirmDeletesScheduledChange?: boolean }
  | { action: 'SCHEDULE'; maxMemberCount: number | null; applyDate: string }
  | { action: 'CANCEL_SCHEDULED' };

export type CapCall =
  | { operation: 'patchUsageStatus'; body: { maxMemberCount: number | null; withdrawalDate: string | null } }
  | { operation: 'addUsageStatusRenewal'; body: { applyDate: string; maxMemberCount: number | null } }
  | { operation: 'patchUsageStatusRenewal'; body: { applyDate: string } }
  | { operation: 'deleteUsageStatusRenewal' };

export type CapPlan =
  | { kind: 'NO_CHANGE'; reason: string }
  | { kind: 'BLOCKED'; reason: string }
  | { kind: 'CONFIRMATION_REQUIRED'; scheduledChange: UsageStatusRenewal; reason: string }
  | { kind: 'CALLS'; calls: CapCall[]; summary: string; deletesScheduledChange?: UsageStatusRenewal };

export const capText = (cap: number | null | undefined): string => (cap === null || cap === undefined ? 'no cap' : `${cap} users`);

export function describeRenewal(renewal: UsageStatusRenewal): string {
  return `change to ${capText(renewal.maxMemberCount)} on ${renewal.applyDate}`;
}

export function planUserCap(usage: UsageStatus, target: UserCapTarget): CapPlan {
  if (usage.status === 'SUSPENDED_WITHDRAWAL') {
    return { kind: 'BLOCKED', reason: `the customer is pending withdrawal (usage status SUSPENDED_WITHDRAWAL, removal on ${usage.withdrawalDate ?? 'an unknown date'}); its user cap can no longer change` };
  }
  const current = usage.maxMemberCount ?? null;
  const renewal = usage.renewal ?? undefined;

  if (target.action === 'SET_NOW') {
    if (current === target.maxMemberCount) {
      return { kind: 'NO_CHANGE', reason: `the cap is already ${capText(current)}${renewal ? ` (the scheduled ${describeRenewal(renewal)} stays)` : ''}` };
    }
    if (renewal && !target.confirmDeletesScheduledChange) {
      return {
        kind: 'CONFIRMATION_REQUIRED',
        scheduledChange: renewal,
        reason: `setting the cap now deletes the scheduled ${describeRenewal(renewal)}; start again with confirmDeletesScheduledChange: true to go ahead`,
      };
    }
    // The usage-status PATCH examples always send both fields: send the current withdrawalDate back unchanged.
    return {
      kind: 'CALLS',
      calls: [{ operation: 'patchUsageStatus', body: { maxMemberCount: target.maxMemberCount, withdrawalDate: usage.withdrawalDate ?? null } }],
      summary: `cap ${capText(current)} → ${capText(target.maxMemberCount)} now${renewal ? `; deletes the scheduled ${describeRenewal(renewal)}` : ''}`,
      ...(renewal ? { deletesScheduledChange: renewal } : {}),
    };
  }

  if (target.action === 'SCHEDULE') {
    const wanted = { applyDate: target.applyDate, maxMemberCount: target.maxMemberCount };
    if (!renewal) return { kind: 'CALLS', calls: [{ operation: 'addUsageStatusRenewal', body: wanted }], summary: `schedule ${describeRenewal(wanted)}` };
    const sameCap = (renewal.maxMemberCount ?? null) === target.maxMemberCount;
    if (sameCap && renewal.applyDate === target.applyDate) return { kind: 'NO_CHANGE', reason: `the ${describeRenewal(renewal)} is already scheduled` };
    // Only the date of a scheduled change can be patched; a different cap means delete and add again.
    if (sameCap) {
      return { kind: 'CALLS', calls: [{ operation: 'patchUsageStatusRenewal', body: { applyDate: target.applyDate } }], summary: `move the scheduled change to ${capText(target.maxMemberCount)} from ${renewal.applyDate} to ${target.applyDate}` };
    }
    return {
      kind: 'CALLS',
      calls: [{ operation: 'deleteUsageStatusRenewal' }, { operation: 'addUsageStatusRenewal', body: wanted }],
      summary: `replace the scheduled ${describeRenewal(renewal)} with ${describeRenewal(wanted)}`,
    };
  }

  if (!renewal) return { kind: 'NO_CHANGE', reason: 'no scheduled cap change exists' };
  return { kind: 'CALLS', calls: [{ operation: 'deleteUsageStatusRenewal' }], summary: `delete the scheduled ${describeRenewal(renewal)}` };
}
