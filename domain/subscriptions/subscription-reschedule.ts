// The RESCHEDULE action of changeSubscription: move the date of a pending pre-order (patchSubscriptionPreOrder) or of
// a subscription's reservation (patchSubscriptionReservation). Only the date can change (openapi.yaml: "nothing else
// can be changed"; to change the type or values, delete and re-create). Pure, like the rest of the planner.
import { addDays, inWindow } from '../dates.js';
import type { DraftChange, SubscriptionState } from './subscription-collisions.js';
import type { ChangeSubscriptionInput } from './subscription-input.js';
import { PRE_ORDER_MAX_DAYS } from './reschedule-input.js';
import type { Plan, PlannedCall, ScheduledItem } from './subscription-plan-types.js';
import { isTrialPlan, type Subscription, type SubscriptionReservation } from './subscription-products.js';

/** START_PAID_SERVICE from a free plan: "tomorrow to +60 days" (the same window as on creation). */
const FREE_CONVERSION_MAX_DAYS = 60;

export type RescheduleDraft = Omit<Plan, 'collisions' | 'blockedBy' | 'today'> & { guardChange?: Omit<DraftChange, 'domainId' | 'action'> };

const notPossible = (reason: string): RescheduleDraft => ({ route: 'NOT_POSSIBLE', reason, calls: [], effects: [] });
const alreadyDone = (reason: string): RescheduleDraft => ({ route: 'ALREADY_DONE', reason, calls: [], effects: [] });

/** The PATCH that moves `item` from `before` to `date`: a set, re-read after an unclear end (guard MOVED_DATE). */
export function moveDateCall(operationId: PlannedCall['operationId'], path: PlannedCall['path'], item: ScheduledItem, before: string, date: string, what: string): PlannedCall {
  return { operationId, path, body: { applyDate: date }, guard: { kind: 'MOVED_DATE', item, before, target: date }, summary: `move ${what} from ${before} to ${date}` };
}

/** A reservation's documented window (the same as on creation), from tomorrow. */
function reservationWindowEnd(sub: Subscription, reservation: SubscriptionReservation, today: string, trialGraceDays: number): string | undefined {
  switch (reservation.type) {
    case 'START_PAID_SERVICE':
      if (!isTrialPlan(sub.plan)) return addDays(today, FREE_CONVERSION_MAX_DAYS);
      return sub.planEndDate ? addDays(sub.planEndDate, trialGraceDays) : undefined;
    case 'ADD_LICENSE':
      return sub.planEndDate ?? undefined;
    case 'CANCEL':
      return sub.planEndDate ? addDays(sub.planEndDate, 1) : undefined;
    default:
      return undefined;
  }
}

function rescheduleReservation(input: ChangeSubscriptionInput, state: SubscriptionState, today: string, date: string, trialGraceDays: number): RescheduleDraft {
  const sub = state.subscriptions.find((s) => s.subscriptionId === input.subscriptionId);
  if (!sub) return notPossible(`subscription ${input.subscriptionId} is not among the customer's subscriptions; nothing to reschedule`);
  const reservation = state.reservation;
  if (!reservation) return notPossible(`subscription ${sub.subscriptionId} has no pending reservation; nothing to reschedule (schedule a change with its own action instead)`);
  const what = `the ${reservation.type} reservation of subscription ${sub.subscriptionId}`;
  if (reservation.applyDate === date) return alreadyDone(`${what} is already on ${date}`);
  const tomorrow = addDays(today, 1);
  const last = reservationWindowEnd(sub, reservation, today, trialGraceDays);
  if (!last || !inWindow(date, tomorrow, last)) {
    return notPossible(`when ${date} is outside the ${reservation.type} reservation window (tomorrow ${tomorrow} to ${last ?? 'an unknown end'}); nothing was changed`);
  }
  const item: ScheduledItem = { of: 'RESERVATION', subscriptionId: sub.subscriptionId, type: reservation.type };
  return {
    route: 'RESERVATION',
    reason: `${date} lies in the ${reservation.type} window (tomorrow to ${last}): the reservation's date is moved`,
    effectiveDate: date,
    calls: [moveDateCall('patchSubscriptionReservation', { domainId: input.domainId, subscriptionId: sub.subscriptionId }, item, reservation.applyDate, date, what)],
    effects: ['only the date changes (type and values stay)', "scheduled tasks of the subscription's option products keep their dates: reschedule them separately (changeOption RESCHEDULE)"],
    guardChange: { route: 'RESERVATION', effectiveDate: date, subscription: sub },
  };
}

function reschedulePreOrder(input: ChangeSubscriptionInput, state: SubscriptionState, today: string, date: string): RescheduleDraft {
  const productId = input.productId as string;
  const preOrders = state.preOrders.filter((p) => p.productId === productId);
  if (preOrders.length === 0) return notPossible(`there is no pending pre-order of ${productId}; nothing to reschedule`);
  if (preOrders.length > 1) {
    return notPossible(`there are ${preOrders.length} pending pre-orders of ${productId} (${preOrders.map((p) => `#${p.preOrderId} on ${p.applyDate}`).join(', ')}); delete all but one first`);
  }
  const preOrder = preOrders[0]!;
  const what = `pre-order #${preOrder.preOrderId} (${productId})`;
  if (preOrder.applyDate === date) return alreadyDone(`${what} is already on ${date}`);
  const tomorrow = addDays(today, 1);
  const last = addDays(today, PRE_ORDER_MAX_DAYS);
  // The input was checked against the caller's clock; the API's "today" decides (the workflow reads it).
  if (!inWindow(date, tomorrow, last)) return notPossible(`when ${date} is outside the pre-order window (tomorrow ${tomorrow} to ${last}); nothing was changed`);
  const item: ScheduledItem = { of: 'PRE_ORDER', preOrderId: preOrder.preOrderId };
  return {
    route: 'PRE_ORDER',
    reason: `${date} lies in the pre-order window (tomorrow to ${last}): the pre-order's date is moved`,
    effectiveDate: date,
    calls: [moveDateCall('patchSubscriptionPreOrder', { domainId: input.domainId, preOrderId: preOrder.preOrderId }, item, preOrder.applyDate, date, what)],
    effects: ['only the date changes (product, plan and licenses stay)', 'option products scheduled with the pre-order keep their date: reschedule them to the same date (changeOption RESCHEDULE)'],
    guardChange: { route: 'PRE_ORDER', effectiveDate: date },
  };
}

/** Plans a RESCHEDULE: `subscriptionId` moves its reservation, `productId` its pre-order; `when` is the new date. */
export function planSubscriptionReschedule(input: ChangeSubscriptionInput, state: SubscriptionState, today: string, trialGraceDays = 0): RescheduleDraft {
  const date = input.when;
  if (date === 'now' || date === 'renewal') return notPossible('RESCHEDULE needs the new date in when (YYYY-MM-DD)');
  if (date <= today) return notPossible(`when ${date} is not after today (${today} in the API's time zone): a scheduled item moves to tomorrow at the earliest`);
  return input.subscriptionId !== undefined ? rescheduleReservation(input, state, today, date, trialGraceDays) : reschedulePreOrder(input, state, today, date);
}
