// The exactly-once check of a reschedule (patchSubscriptionPreOrder, patchSubscriptionReservation,
// patchOptionProductOrder): a PATCH of a date sets a value, so repeating it is harmless, but after an unclear end the
// runner still settles and re-reads (the item may have been applied, deleted or moved by someone else meanwhile).
import type { PartnerApiClient } from '../partner-api/client.js';
import type { ScheduledItem } from '../domain/subscriptions/subscription-plan-types.js';
import { activitySignal, orNone } from './failures.js';

/** The item's current date and type, or undefined when it no longer exists. */
export async function readScheduledItem(client: PartnerApiClient, domainId: number, item: ScheduledItem): Promise<{ applyDate: string; type?: string } | undefined> {
  const signal = activitySignal();
  switch (item.of) {
    case 'PRE_ORDER': {
      const list = await client.listSubscriptionPreOrders(domainId, { signal });
      return (list.subscriptionPreOrders ?? []).find((p) => p.preOrderId === item.preOrderId);
    }
    case 'RESERVATION':
      return orNone(() => client.getSubscriptionReservation(domainId, String(item.subscriptionId), { signal }));
    case 'OPTION_ORDER': {
      const list = await client.listOptionProductOrders(domainId, { signal });
      return (list.optionProductOrders ?? []).find((o) => o.optionProductId === item.optionProductId);
    }
  }
}

export function describeScheduledItem(item: ScheduledItem): string {
  switch (item.of) {
    case 'PRE_ORDER':
      return `pre-order #${item.preOrderId}`;
    case 'RESERVATION':
      return `the ${item.type} reservation of subscription ${item.subscriptionId}`;
    case 'OPTION_ORDER':
      return `the ${item.type} task of ${item.optionProductId}`;
  }
}

/**
 * True when the item already is on `target`, false while it is still on `before`; otherwise `changed` is thrown
 * (the item was applied, deleted, re-typed or moved elsewhere: moving it now would undo someone else's change).
 */
export async function dateAlreadyMoved(
  client: PartnerApiClient,
  domainId: number,
  guard: { item: ScheduledItem; before: string; target: string },
  changed: (message: string) => Error,
): Promise<boolean> {
  const what = describeScheduledItem(guard.item);
  const current = await readScheduledItem(client, domainId, guard.item);
  if (!current) throw changed(`${what} no longer exists (applied or deleted meanwhile); not moving it`);
  if ('type' in guard.item && current.type !== guard.item.type) {
    throw changed(`${what} is now a ${current.type ?? 'different'} item; not moving it`);
  }
  if (current.applyDate === guard.target) return true;
  if (current.applyDate === guard.before) return false;
  throw changed(`${what} is on ${current.applyDate}; expected ${guard.before} (before) or ${guard.target} (after). Someone else moved it: not moving it again`);
}
