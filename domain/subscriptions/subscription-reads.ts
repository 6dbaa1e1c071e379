// Which planning reads a subscription change needs, from its action and timing mode alone (before any read). At 240
// calls per minute per operation every read that cannot change the plan is time lost across a batch, so the planner's
// inputs that this change never consults are not read. Pure: the workflow decides it, the activity reads only these.
// test/subscriptions/subscription-reads.test.ts plans every action and timing mode on full and pruned states and
// requires the same plan, so a planner change that starts consulting a skipped read fails there.
import type { ChangeSubscriptionInput } from './subscription-input.js';

/** The optional reads (the customer's subscriptions and usage status are always read; the renewal comes with the list). */
export interface SubscriptionReads {
  /** listSubscriptionPreOrders */
  preOrders: boolean;
  /** getSubscriptionReservation of the target (a 404 when there is none: a call either way) */
  reservation: boolean;
  /** listOptionProducts */
  optionProducts: boolean;
}

export const ALL_SUBSCRIPTION_READS: SubscriptionReads = { preOrders: true, reservation: true, optionProducts: true };

/** Actions that exist only as a renewal setting: their plan is AT_RENEWAL or stops before any write. */
const RENEWAL_ONLY: ReadonlySet<string> = new Set(['DOWNGRADE', 'CHANGE_PLAN', 'REDUCE_LICENSES', 'KEEP_AT_RENEWAL']);

export function subscriptionReadsFor(input: Pick<ChangeSubscriptionInput, 'action' | 'when'>): SubscriptionReads {
  // A reschedule looks for the pending item among all of them.
  if (input.action === 'RESCHEDULE') return ALL_SUBSCRIPTION_READS;
  const atRenewal = input.when === 'renewal' || RENEWAL_ONLY.has(input.action);
  return {
    // Pending pre-orders matter only to a new subscription (same-group pre-order, an identical one already there).
    preOrders: input.action === 'ADD_SUBSCRIPTION',
    // A reservation collides only with immediate and dated changes of an existing subscription, never at renewal.
    reservation: input.action !== 'ADD_SUBSCRIPTION' && !atRenewal,
    // Options: a cancel takes them with it (any timing); an immediate or dated upgrade may cancel tier-bound ones.
    optionProducts: input.action === 'CANCEL' || (input.action === 'UPGRADE' && input.when !== 'renewal'),
  };
}
