// The input rules of the RESCHEDULE action (changeSubscription and changeOption): move the date of a pre-order, a
// reservation or an option order. Checked with the rest of the input, before any API call: the new date must be a
// date (not "now" or "renewal"), from tomorrow on (the API schedules nothing for today), and a pre-order's within
// its documented window. Windows that depend on the item (a reservation's type, an option task's type and contract)
// are checked by the planner against the state it reads, still before any write.
import { addDays, dateInZone, DEFAULT_API_TIME_ZONE, isIsoDate } from '../dates.js';
import { crossFieldRule } from '../schema.js';

export const RESCHEDULE = 'RESCHEDULE';

/** patchSubscriptionPreOrder: "New apply date; from tomorrow up to 31 days ahead" (openapi.yaml SubscriptionPreOrderUpdateRequest). */
export const PRE_ORDER_MAX_DAYS = 31;

type Add = (path: PropertyKey[], message: string) => void;

/** Today in the request's zone, or undefined when the zone is unknown (its own field reports that). */
function todayOf(input: Record<string, unknown>, nowMs: number): string | undefined {
  try {
    return dateInZone(typeof input.timeZone === 'string' ? input.timeZone : DEFAULT_API_TIME_ZONE, nowMs);
  } catch {
    return undefined;
  }
}

/** The new date: a date from tomorrow on (a past date is reported by the common `when` rule). Returns it when usable. */
function checkNewDate(input: Record<string, unknown>, nowMs: number, add: Add): { when: string; today: string } | undefined {
  const when = input.when;
  if (typeof when !== 'string') return undefined;
  if (!isIsoDate(when)) {
    add(['when'], `must be the new date YYYY-MM-DD for action RESCHEDULE (not "now" or "renewal")`);
    return undefined;
  }
  const today = todayOf(input, nowMs);
  if (today === undefined || when < today) return undefined;
  if (when === today) {
    add(['when'], `${when} is today: a scheduled item can be moved to tomorrow (${addDays(today, 1)}) at the earliest`);
    return undefined;
  }
  return { when, today };
}

/**
 * changeSubscription RESCHEDULE: `subscriptionId` moves that subscription's reservation, `productId` moves the
 * pending pre-order of that product (exactly one of the two); `when` is the new date.
 */
export function subscriptionRescheduleRule(nowMs: number) {
  return crossFieldRule((input, add) => {
    if (input.action !== RESCHEDULE) return;
    const bySubscription = input.subscriptionId !== undefined;
    const byProduct = input.productId !== undefined;
    if (!bySubscription && !byProduct) {
      add(['subscriptionId'], 'is required for action RESCHEDULE (to move its reservation), or productId (to move its pre-order)');
    } else if (bySubscription && byProduct) {
      add(['productId'], 'must be left out when subscriptionId is given: RESCHEDULE moves either a reservation (subscriptionId) or a pre-order (productId)');
    }
    const checked = checkNewDate(input, nowMs, add);
    if (checked && byProduct && !bySubscription) {
      const last = addDays(checked.today, PRE_ORDER_MAX_DAYS);
      if (checked.when > last) add(['when'], `${checked.when} is outside the pre-order window (tomorrow to ${last}, ${PRE_ORDER_MAX_DAYS} days ahead)`);
    }
  });
}

/** changeOption RESCHEDULE: moves the option family's scheduled task; `when` is the new date. */
export function optionRescheduleRule(nowMs: number) {
  return crossFieldRule((input, add) => {
    if (input.action === RESCHEDULE) checkNewDate(input, nowMs, add);
  });
}
