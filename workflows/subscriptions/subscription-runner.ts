// Runs a planned change inside a workflow: plan, stop (preview, not possible, already done, blocked), wait for a
// timer's date and plan again, or carry out the calls one by one, each exactly once. Shared by changeSubscription
// and changeOption so both behave the same.
import { ApplicationFailure, condition, log, patched, sleep, workflowInfo } from '@temporalio/workflow';
import type { CallOutcome } from '../../activities/subscriptions.js';
import { startOfDayInZone } from '../../domain/dates.js';
import type { Collision, Plan, Route } from '../../domain/subscriptions/subscription-plan-types.js';
import { guardedWrites } from '../activity-options.js';
import { workflowMetrics } from '../metrics-sinks.js';
import { takeCustomerTurn, type CustomerTurn, type TurnGrant } from '../customer-lock.js';

export type ChangeStep = 'VALIDATING' | 'WAITING_FOR_TURN' | 'READING_STATE' | 'PLANNING' | 'WAITING_FOR_DATE' | 'APPLYING' | 'WAITING_FOR_ACTIVE' | 'DONE';

export interface ChangeStatus<P extends Plan = Plan> {
  step: ChangeStep;
  /** The latest plan (a timer's wake-up plans again). */
  plan?: P;
  /** TIMER_THEN_IMMEDIATE: the date the workflow waits for. */
  waitingUntil?: string;
  /** WAITING_FOR_TURN: the earlier change of this customer (its workflow ID) this one waits for. */
  waitingFor?: string;
  applied: CallOutcome[];
}

export type ChangeOutcome =
  /** Preview mode: nothing was written. */
  | 'PREVIEW'
  /** The calls were made (or found already made by an earlier attempt). */
  | 'APPLIED'
  /** The state already showed the change; nothing was written. */
  | 'ALREADY_DONE'
  /** A collision the caller did not accept: nothing was written. */
  | 'BLOCKED'
  /** The change cannot be made the way it was asked (the reason says why and what would work). */
  | 'NOT_POSSIBLE'
  /** A timer was waiting and the change was called off with the cancelScheduledChange signal. */
  | 'CALLED_OFF';

export interface ChangeResult<P extends Plan = Plan> {
  outcome: ChangeOutcome;
  /** The mechanism chosen first (TIMER_THEN_IMMEDIATE stays the route after the wake-up). */
  route: Route;
  reason: string;
  plan: P;
  /** Collisions that stopped the change (BLOCKED). */
  blockedBy?: Collision[];
  applied: CallOutcome[];
  /** Set when this run found the request already carried out by an earlier run (its runId): the result is that run's. */
  repeatOf?: string;
}

/** After midnight in the API's zone, a margin so the API agrees the new day has begun. */
const WAKE_MARGIN_MS = 5 * 60_000;
/** How long an upgrade may take to finish in the background before the workflow gives up. */
const UPGRADE_WAIT_LIMIT_MS = 7 * 24 * 3_600_000;

/** Parses the input; an invalid one fails the workflow with a non-retryable ERR_INVALID_INPUT naming each field. */
/** Polls the subscription with back-off until it is ACTIVE on `productId`. */
async function waitUntilActive(domainId: number, subscriptionId: number, productId: string): Promise<void> {
  let delayMs = 2_000;
  let waitedMs = 0;
  for (;;) {
    const sub = await guardedWrites.getSubscriptionSnapshot(domainId, subscriptionId);
    if (sub && sub.status === 'ACTIVE' && sub.productId === productId) return;
    if (waitedMs >= UPGRADE_WAIT_LIMIT_MS) {
      throw ApplicationFailure.nonRetryable(
        `subscription ${subscriptionId} is not ACTIVE on ${productId} after ${Math.round(waitedMs / 3_600_000)} h (status ${sub?.status ?? 'gone'}, product ${sub?.productId ?? '-'})`,
        'ERR_UPGRADE_NOT_FINISHED',
      );
    }
    await sleep(delayMs);
    waitedMs += delayMs;
    delayMs = Math.min(delayMs * 2, 5 * 60_000);
  }
}

export interface RunOptions<P extends Plan> {
  domainId: number;
  timeZone: string;
  preview: boolean;
  status: ChangeStatus<P>;
  /**
   * Reads the state (an activity) and plans (pure) for `today`. `first` is the first plan of the run: only that one
   * may use state the caller handed in (a bulk selection's subscription list); later plans (a timer's wake-up) read.
   * `readHere` is false when the plan used handed-in state, read before this run took the customer's turn; `readAtMs`
   * is when the read activity began (its worker's clock), absent in results recorded before it was reported.
   */
  readAndPlan: (today: string, first: boolean, turn: TurnGrant | undefined) => Promise<{ plan: P; readHere: boolean; readAtMs?: number }>;
  /** True once the caller called the change off (signal); checked while a timer waits. */
  calledOff: () => boolean;
}

export async function runPlannedChange<P extends Plan>({ domainId, timeZone, preview, status, readAndPlan, calledOff }: RunOptions<P>): Promise<ChangeResult<P>> {
  if (!preview) {
    // The same request again (same business ID, a new run after the first completed): answer with what the first
    // run did, so an additive change is never applied twice, whatever ID reuse policy the starter used.
    const earlier = await guardedWrites.earlierCompletedRun();
    if (earlier) {
      status.step = 'DONE';
      log.info('this request was already carried out by an earlier run', { runId: earlier.runId });
      return { ...(earlier.result as ChangeResult<P>), repeatOf: earlier.runId };
    }
  }
  // Changes of one customer run one at a time (workflows/customer-lock.ts): from the read to the last write this run
  // holds the customer's turn, so no other change plans on the same before-state. Runs that started before the lock
  // existed replay without it.
  const serialized = !preview && patched(CUSTOMER_TURN_PATCH);
  let turn: CustomerTurn | undefined;
  const takeTurn = async () => {
    status.step = 'WAITING_FOR_TURN';
    turn = await takeCustomerTurn(domainId, (holder) => {
      status.waitingFor = holder ?? `the earlier change of customer ${domainId} (customer-changes/${domainId})`;
    });
    status.waitingFor = undefined;
  };
  const releaseTurn = async () => {
    await turn?.release();
    turn = undefined;
  };
  try {
    return await planAndApply();
  } finally {
    if (serialized) await releaseTurn();
  }

  async function planAndApply(): Promise<ChangeResult<P>> {
    let firstPlan: P | undefined;
    for (let reads = 0; ; reads++) {
      if (serialized && !turn) await takeTurn();
      status.step = 'READING_STATE';
      // "Today" in the API's zone comes from an activity (recorded in history, so replay sees the same date).
      const clock = await guardedWrites.apiClock(timeZone);
      // readHere: this plan's state was read by this run just now (under its customer turn, nothing written since).
      // planReadAtMs: when the read ran, from the activity (not this workflow task's time, which is later by however
      // long a dead worker took to come back); without it the write reads again.
      const { plan, readHere, readAtMs: planReadAtMs } = await readAndPlan(clock.today, reads === 0, turn);
      status.step = 'PLANNING';
      firstPlan ??= plan;
      status.plan = plan;
      const result = (outcome: ChangeOutcome, extra: Partial<ChangeResult<P>> = {}): ChangeResult<P> => {
        status.step = 'DONE';
        const timed = firstPlan !== plan && firstPlan?.route === 'TIMER_THEN_IMMEDIATE';
        return {
          outcome,
          route: timed ? 'TIMER_THEN_IMMEDIATE' : plan.route,
          reason: timed ? `${firstPlan?.reason}. On ${clock.today}: ${plan.reason}` : plan.reason,
          plan,
          applied: status.applied,
          ...extra,
        };
      };

      if (preview) return result('PREVIEW');
      if (plan.route === 'NOT_POSSIBLE') return result('NOT_POSSIBLE');
      if (plan.route === 'ALREADY_DONE') return result('ALREADY_DONE');
      if (plan.blockedBy.length > 0) {
        const kinds = plan.blockedBy.map((c) => c.kind);
        log.info('change blocked by collisions', { kinds });
        // Counted as lineworks_guarded_writes_total{outcome="blocked_by_collision_guard"}, by the call it would have made.
        workflowMetrics.guardedWriteBlocked(plan.calls.at(-1)?.operationId ?? workflowInfo().workflowType, kinds);
        return result('BLOCKED', { blockedBy: plan.blockedBy });
      }
      if (plan.route === 'TIMER_THEN_IMMEDIATE') {
        if (!plan.wakeDate || plan.wakeDate <= clock.today) throw ApplicationFailure.nonRetryable(`planner asked for a timer to ${plan.wakeDate} on ${clock.today}`, 'ERR_PLAN');
        status.step = 'WAITING_FOR_DATE';
        status.waitingUntil = plan.wakeDate;
        const wakeAt = startOfDayInZone(plan.wakeDate, timeZone) + WAKE_MARGIN_MS;
        // Others may change the customer meanwhile: the wake-up takes a new turn and reads the state again.
        if (serialized) await releaseTurn();
        await condition(calledOff, Math.max(wakeAt - clock.nowMs, 1));
        status.waitingUntil = undefined;
        if (calledOff()) return result('CALLED_OFF');
        continue; // re-read the state and plan again: on the wake date the plan is the immediate call
      }

      if (calledOff()) return result('CALLED_OFF');
      status.step = 'APPLYING';
      for (const [i, call] of plan.calls.entries()) {
        // The first write's exactly-once check can use the plan's own read (one read, not two): this run holds the
        // customer's turn and wrote nothing since, and the activity still reads again on any retry, after an unclear
        // end, or when the read is no longer recent (a worker was down in between). Later calls follow writes, so
        // they read. Runs that started before this replay with every call reading (patched).
        const sharesPlanRead = i === 0 && readHere && serialized && patched(FIRST_WRITE_SHARES_PLAN_READ);
        status.applied.push(await (sharesPlanRead ? guardedWrites.applyPlannedCall(call, { sharesPlanRead, planReadAtMs }) : guardedWrites.applyPlannedCall(call)));
      }
      if (plan.waitForActive) {
        status.step = 'WAITING_FOR_ACTIVE';
        await waitUntilActive(domainId, plan.waitForActive.subscriptionId, plan.waitForActive.productId);
      }
      return result('APPLIED');
    }
  }
}

/** Change ID of the per-customer serialization (patched: running changes replay without it). */
export const CUSTOMER_TURN_PATCH = 'customer-change-turn';
/** Change ID of the first write that shares the plan's read (issue #14: one read, not two, per immediate change). */
export const FIRST_WRITE_SHARES_PLAN_READ = 'first-write-shares-plan-read';
