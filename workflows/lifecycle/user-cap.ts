// Set a customer's user cap now (patchUsageStatus, keeping withdrawalDate) or on a date (usage-status renewal: add,
// move, replace, delete). Setting it now deletes a scheduled change: the input must confirm that, or the workflow
// stops and names the scheduled change. When the state already matches, nothing is written. A cap change takes the
// customer's turn (workflows/customer-lock.ts) like subscription and option changes, so no two plan on one state.
import { defineQuery, patched, setHandler } from '@temporalio/workflow';
import type { ApplyUserCapResult } from '../../activities/lifecycle.js';
import type { UsageStatus } from '../../domain/subscriptions/subscription-products.js';
import { trackProgress } from '../progress.js';
import { setPartnerSearchAttributes } from '../search-attributes.js';
import { parseUserCapInput, type UserCapInput } from '../../domain/lifecycle/user-cap-input.js';
import { capText, planUserCap, type CapCall, type UsageStatusRenewal, type UserCapTarget } from '../../domain/lifecycle/user-cap-plan.js';
import { validateOrFail } from '../validate-input.js';
import { partner } from '../activity-options.js';
import { takeCustomerTurn } from '../customer-lock.js';

export type UserCapStep = 'VALIDATING' | 'WAITING_FOR_TURN' | 'READING' | 'WRITING' | 'DONE' | 'STOPPED';

export interface UserCapStatus {
  step: UserCapStep;
  domainId?: number;
  /** What the request asks for, in words. */
  request?: string;
  /** WAITING_FOR_TURN: the earlier change of this customer (its workflow ID) this one waits for. */
  waitingFor?: string;
  lastError?: string;
}

export type UserCapResult =
  | { outcome: 'APPLIED'; domainId: number; summary: string; before: UsageStatus; after: UsageStatus; calls: CapCall['operation'][]; deletedScheduledChange?: UsageStatusRenewal }
  | { outcome: 'NO_CHANGE'; domainId: number; reason: string; usage: UsageStatus }
  | { outcome: 'CONFIRMATION_REQUIRED'; domainId: number; scheduledChange: UsageStatusRenewal; reason: string; usage: UsageStatus }
  | { outcome: 'BLOCKED'; domainId: number; reason: string; usage: UsageStatus };

/** Current step, the request in words and the last error. */
export const userCapStatusQuery = defineQuery<UserCapStatus>('userCapStatus');

function describeRequest(input: UserCapInput): string {
  if (input.action === 'SET_NOW') return `set the cap to ${capText(input.maxMemberCount)} now`;
  if (input.action === 'SCHEDULE') return `set the cap to ${capText(input.maxMemberCount)} on ${input.applyDate}`;
  return 'delete the scheduled cap change';
}

/** The planner's target for an input (also used by bulkChange to preview caps). */
export function targetOf(input: UserCapInput): UserCapTarget {
  if (input.action === 'SET_NOW') return { action: 'SET_NOW', maxMemberCount: input.maxMemberCount, confirmDeletesScheduledChange: input.confirmDeletesScheduledChange ?? false };
  if (input.action === 'SCHEDULE') return { action: 'SCHEDULE', maxMemberCount: input.maxMemberCount, applyDate: input.applyDate };
  return { action: 'CANCEL_SCHEDULED' };
}

/**
 * Runs that record this marker take the customer's turn and read the usage status once per attempt (applyUserCap
 * plans from its own read); older runs replay the unserialized read-plan-write path.
 */
export const USER_CAP_TURN_PATCH = 'user-cap-customer-turn';

/** The result when the activity's plan stopped short of writing (the state changed, or nothing to do). */
function stopped(domainId: number, applied: ApplyUserCapResult): Exclude<UserCapResult, { outcome: 'APPLIED' }> | undefined {
  const { plan } = applied;
  if (plan.kind === 'NO_CHANGE') return { outcome: 'NO_CHANGE', domainId, reason: plan.reason, usage: applied.before };
  if (plan.kind === 'BLOCKED') return { outcome: 'BLOCKED', domainId, reason: plan.reason, usage: applied.after };
  if (plan.kind === 'CONFIRMATION_REQUIRED') return { outcome: 'CONFIRMATION_REQUIRED', domainId, scheduledChange: plan.scheduledChange, reason: plan.reason, usage: applied.after };
  return undefined;
}

export async function userCap(rawInput: UserCapInput): Promise<UserCapResult> {
  const status: UserCapStatus = { step: 'VALIDATING' };
  setHandler(userCapStatusQuery, () => status);
  const progress = trackProgress(status, (s) => [s.domainId && `**domainId:** ${s.domainId}`, s.request && `**Request:** ${s.request}`]);
  const moveTo = progress.moveTo;

  const input: UserCapInput = validateOrFail((raw) => parseUserCapInput(raw, Date.now()), rawInput);
  const { domainId } = input;
  status.domainId = domainId;
  status.request = describeRequest(input);
  setPartnerSearchAttributes({ domainId, operation: 'user-cap' });

  if (patched(USER_CAP_TURN_PATCH)) {
    moveTo('WAITING_FOR_TURN');
    const turn = await takeCustomerTurn(domainId, (holder) => {
      status.waitingFor = holder ?? `the earlier change of customer ${domainId} (customer-changes/${domainId})`;
    });
    status.waitingFor = undefined;
    try {
      return await readPlanAndWrite(domainId, targetOf(input), status, moveTo);
    } finally {
      await turn.release();
    }
  }

  moveTo('READING');
  const usage = await partner.readUsageStatus(domainId);
  const target = targetOf(input);
  const plan = planUserCap(usage, target);
  if (plan.kind === 'NO_CHANGE') {
    moveTo('DONE');
    return { outcome: 'NO_CHANGE', domainId, reason: plan.reason, usage };
  }
  if (plan.kind === 'BLOCKED' || plan.kind === 'CONFIRMATION_REQUIRED') {
    status.lastError = plan.reason;
    moveTo('STOPPED');
    return plan.kind === 'BLOCKED'
      ? { outcome: 'BLOCKED', domainId, reason: plan.reason, usage }
      : { outcome: 'CONFIRMATION_REQUIRED', domainId, scheduledChange: plan.scheduledChange, reason: plan.reason, usage };
  }

  const applied = await applyOrStop(domainId, target, status, moveTo);
  // The state changed between our read and the write (someone else scheduled or withdrew): report that, not "applied".
  if (applied.plan.kind === 'BLOCKED' || applied.plan.kind === 'CONFIRMATION_REQUIRED') {
    status.lastError = applied.plan.reason;
    moveTo('STOPPED');
    return applied.plan.kind === 'BLOCKED'
      ? { outcome: 'BLOCKED', domainId, reason: applied.plan.reason, usage: applied.after }
      : { outcome: 'CONFIRMATION_REQUIRED', domainId, scheduledChange: applied.plan.scheduledChange, reason: applied.plan.reason, usage: applied.after };
  }
  // The activity re-plans on every attempt: an earlier attempt whose answer was lost shows up here as NO_CHANGE.
  const done = applied.plan.kind === 'CALLS' ? applied.plan : plan;
  moveTo('DONE');
  return {
    outcome: 'APPLIED',
    domainId,
    summary: done.summary,
    before: usage,
    after: applied.after,
    calls: applied.sent,
    ...(plan.deletesScheduledChange ? { deletedScheduledChange: plan.deletesScheduledChange } : {}),
  };
}

/** Under the customer's turn: one activity reads, plans and writes (one usage-status read per attempt). */
async function readPlanAndWrite(domainId: number, target: UserCapTarget, status: UserCapStatus, moveTo: (step: UserCapStep) => void): Promise<UserCapResult> {
  const applied = await applyOrStop(domainId, target, status, moveTo);
  const early = stopped(domainId, applied);
  if (early) {
    if (early.outcome !== 'NO_CHANGE') status.lastError = early.reason;
    moveTo(early.outcome === 'NO_CHANGE' ? 'DONE' : 'STOPPED');
    return early;
  }
  const plan = applied.plan as Extract<ApplyUserCapResult['plan'], { kind: 'CALLS' }>;
  moveTo('DONE');
  return {
    outcome: 'APPLIED',
    domainId,
    summary: plan.summary,
    before: applied.before,
    after: applied.after,
    calls: applied.sent,
    ...(plan.deletesScheduledChange ? { deletedScheduledChange: plan.deletesScheduledChange } : {}),
  };
}

/** The cap write (the activity re-plans from its own read on every attempt); a failure is shown in the status. */
async function applyOrStop(domainId: number, target: UserCapTarget, status: UserCapStatus, moveTo: (step: UserCapStep) => void): Promise<ApplyUserCapResult> {
  moveTo('WRITING');
  try {
    return await partner.applyUserCap(domainId, target);
  } catch (err) {
    status.lastError = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    moveTo('STOPPED');
    throw err;
  }
}
