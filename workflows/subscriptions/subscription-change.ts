// changeSubscription: the one entry point for subscription changes. It reads the current state, lets the pure
// planner pick the mechanism (immediate, pre-order, reservation, renewal setting, or a durable timer followed by the
// immediate call), stops on collisions the caller did not accept, and carries out each call exactly once.
import { defineQuery, defineSignal, patched, setHandler } from '@temporalio/workflow';
import { planningReads } from '../activity-options.js';
import { DEFAULT_API_TIME_ZONE } from '../../domain/dates.js';
import { parseChangeSubscriptionInput, type ChangeSubscriptionInput } from '../../domain/subscriptions/subscription-input.js';
import { planSubscriptionChange, type SubscriptionPlan } from '../../domain/subscriptions/subscription-plan.js';
import { subscriptionReadsFor } from '../../domain/subscriptions/subscription-reads.js';
import { freshHandedList, readAfterLastChange, type HandedSubscriptions } from './handed-subscriptions.js';
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
/** Change ID: an additive change no longer plans on a list handed in by a bulk selection (see additiveOnHandedList). */
export const ADDITIVE_READS_UNDER_TURN_PATCH = 'additive-change-reads-under-turn';

/**
 * An add (ADD_LICENSES: "+5") plans its target from the count it reads. A list handed in by a bulk selection was read
 * before this change took the customer's turn: if another change added meanwhile, "10 → 15" would be planned where
 * the count is already 15, and the write's check would take the other change's 15 for its own (one add lost). So an
 * add plans on a handed list only when it was read after the customer's last change ended (readAfterLastChange);
 * otherwise it reads under its turn.
 */
function additiveOnHandedList(input: ChangeSubscriptionInput): boolean {
  return input.action === 'ADD_LICENSES' && patched(ADDITIVE_READS_UNDER_TURN_PATCH);
}

/**
 * `handed`: the customer's subscriptions as a caller read them moments ago (bulkChange's selection,
 * handed-subscriptions.ts): the first plan uses them instead of listing again, and then its first write does not share
 * the plan's read (it reads, as after any read made before the customer's turn). Clients leave it out.
 */
export async function changeSubscription(rawInput: ChangeSubscriptionInput, handed?: HandedSubscriptions): Promise<ChangeSubscriptionResult> {
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
    readAndPlan: async (today, first, turn) => {
      // Only what this action and timing mode can consult is read (runs started before read everything: patched).
      const reads = patched(READS_PER_ACTION_PATCH) ? subscriptionReadsFor(input) : undefined;
      const fresh = first && reads ? freshHandedList(input.domainId, handed) : undefined;
      // Read after the customer's last change through the lock: as good as a read under this turn.
      const current = fresh !== undefined && readAfterLastChange(handed!, turn);
      const known = fresh && (current || !additiveOnHandedList(input)) ? fresh : undefined;
      const state = await (reads
        ? planningReads.readSubscriptionState(input.domainId, input.subscriptionId, reads, ...(known ? [known] : []))
        : planningReads.readSubscriptionState(input.domainId, input.subscriptionId));
      // A current handed list is shared by the first write like a read of this run (while under 60 s old).
      return { plan: planSubscriptionChange(input, state, today), readHere: !known || current, readAtMs: known && current ? handed!.readAtMs : state.readAtMs };
    },
  });
}
