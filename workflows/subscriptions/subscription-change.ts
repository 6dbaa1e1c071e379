// changeSubscription: the one entry point for subscription changes. It reads the current state, lets the pure
// planner pick the mechanism (immediate, pre-order, reservation, renewal setting, or a durable timer followed by the
// immediate call), stops on collisions the caller did not accept, and carries out each call exactly once.
import { defineQuery, defineSignal, patched, setHandler } from '@temporalio/workflow';
import { planningReads } from '../activity-options.js';
import { DEFAULT_API_TIME_ZONE } from '../../domain/dates.js';
import { parseChangeSubscriptionInput, type ChangeSubscriptionInput } from '../../domain/subscriptions/subscription-input.js';
import { planSubscriptionChange, type SubscriptionPlan } from '../../domain/subscriptions/subscription-plan.js';
import { subscriptionReadsFor } from '../../domain/subscriptions/subscription-reads.js';
import type { Subscription } from '../../domain/subscriptions/subscription-products.js';
import { runPlannedChange, type ChangeResult, type ChangeStatus } from './subscription-runner.js';
import { validateOrFail } from '../validate-input.js';

export type SubscriptionChangeStatus = ChangeStatus<SubscriptionPlan>;
export type ChangeSubscriptionResult = ChangeResult<SubscriptionPlan>;

/** The step, the latest plan, the date a timer waits for and the calls made so far. */
export const subscriptionChangeStatusQuery = defineQuery<SubscriptionChangeStatus>('subscriptionChangeStatus');
/** Calls off a change that waits on a timer (route TIMER_THEN_IMMEDIATE); ignored once the calls have started. */
export const cancelScheduledChangeSignal = defineSignal('cancelScheduledChange');

/** Change ID of the planning reads chosen by action and timing mode (issue #14). */
export const READS_PER_ACTION_PATCH = 'subscription-reads-per-action';

/**
 * `handed`: the subscription a caller that read it moments ago hands in (bulkChange's selection), so the first plan
 * need not read the list again. Used only while fresh (HANDED_STATE_MAX_AGE_MS) and for the subscription asked for;
 * every write that checks state still reads it (the plan's read is not shared with it). Clients leave it out.
 */
export async function changeSubscription(rawInput: ChangeSubscriptionInput, handed?: HandedSubscription): Promise<ChangeSubscriptionResult> {
  const status: SubscriptionChangeStatus = { step: 'VALIDATING', applied: [] };
  let calledOff = false;
  setHandler(subscriptionChangeStatusQuery, () => status);
  setHandler(cancelScheduledChangeSignal, () => {
    if (status.step !== 'APPLYING' && status.step !== 'WAITING_FOR_ACTIVE' && status.step !== 'DONE') calledOff = true;
  });

  const input = validateOrFail(parseChangeSubscriptionInput, rawInput);
  return runPlannedChange({
    domainId: input.domainId,
    timeZone: input.timeZone ?? DEFAULT_API_TIME_ZONE,
    preview: input.preview === true,
    status,
    calledOff: () => calledOff,
    readAndPlan: async (today, first) => {
      // Only what this action and timing mode can consult is read (runs started before read everything: patched).
      const reads = patched(READS_PER_ACTION_PATCH) ? subscriptionReadsFor(input) : undefined;
      const known = first && reads ? usableHandedState(input, handed) : undefined;
      const state = await (reads
        ? planningReads.readSubscriptionState(input.domainId, input.subscriptionId, reads, ...(known ? [known] : []))
        : planningReads.readSubscriptionState(input.domainId, input.subscriptionId));
      return { plan: planSubscriptionChange(input, state, today), readHere: !known };
    },
  });
}

/** A subscription as a caller read it, and when (workflow time of the read's completion). */
export interface HandedSubscription {
  subscription: Subscription;
  readAtMs: number;
}

/** Handed-in state older than this is read again: the customer's turn was not held while it was read. */
export const HANDED_STATE_MAX_AGE_MS = 60_000;

/** The handed-in list to plan on, or undefined to read it: only for a change of that same existing subscription, fresh. */
function usableHandedState(input: ChangeSubscriptionInput, handed: HandedSubscription | undefined): Subscription[] | undefined {
  if (!handed || typeof handed.readAtMs !== 'number' || handed.subscription?.subscriptionId === undefined) return undefined;
  // A new subscription needs every subscription (one per product group); a reschedule may look for a pre-order.
  if (input.action === 'ADD_SUBSCRIPTION' || input.action === 'RESCHEDULE') return undefined;
  if (handed.subscription.subscriptionId !== input.subscriptionId || handed.subscription.domainId !== input.domainId) return undefined;
  if (Date.now() - handed.readAtMs > HANDED_STATE_MAX_AGE_MS) return undefined;
  return [handed.subscription];
}
