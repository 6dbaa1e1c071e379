// The calendar activity: reads every pending scheduled change of the given customers (or of all of them) and
// returns dated rows. Reads only; safe to retry.
import type { PartnerApiClient } from '../partner-api/client.js';
import { PartnerNotFoundError, PartnerValidationError } from '../partner-api/errors.js';
import { calendarEntries, type CalendarEntry, type CustomerSchedule } from '../domain/subscriptions/calendar-entries.js';
import { isPaidPlan } from '../domain/subscriptions/subscription-products.js';
import { activitySignal, partnerCall } from './failures.js';

export interface CalendarActivityDeps {
  client: PartnerApiClient;
}

/** "Nothing scheduled" answers (404; 400 for a renewal that cannot be read) as null. */
async function orNull<T>(fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof PartnerNotFoundError || err instanceof PartnerValidationError) return null;
    throw err;
  }
}

export async function readCustomerSchedule(client: PartnerApiClient, domainId: number, domain?: string): Promise<CustomerSchedule> {
  const signal = activitySignal();
  const [subs, preOrders, optionOrders, options, usage] = await Promise.all([
    client.listSubscriptions(domainId, { signal }),
    client.listSubscriptionPreOrders(domainId, { signal }),
    client.listOptionProductOrders(domainId, { signal }),
    client.listOptionProducts(domainId, { signal }),
    client.getUsageStatus(domainId, { signal }),
  ]);
  const subscriptions = await Promise.all(
    (subs.subscriptions ?? []).map(async (subscription) => ({
      subscription,
      reservation: await orNull(() => client.getSubscriptionReservation(domainId, String(subscription.subscriptionId), { signal })),
      renewal: isPaidPlan(subscription.plan)
        ? ((await orNull(() => client.getSubscriptionRenewal(domainId, String(subscription.subscriptionId), { signal }))) ?? subscription.renewal ?? null)
        : null,
    })),
  );
  const optionRows = await Promise.all(
    (options.optionProducts ?? []).map(async (option) => ({
      option,
      renewal: await orNull(() => client.getOptionProductRenewal(domainId, option.optionProductId, { signal })),
    })),
  );
  return {
    domainId,
    ...(domain ? { domain } : {}),
    preOrders: preOrders.subscriptionPreOrders ?? [],
    subscriptions,
    optionOrders: optionOrders.optionProductOrders ?? [],
    options: optionRows,
    usage,
  };
}

/** Pending scheduled changes of `domainIds`, or of every customer of the partner when none are given. */
export async function listScheduledChanges(client: PartnerApiClient, domainIds?: number[]): Promise<CalendarEntry[]> {
  const targets: { domainId: number; domain?: string }[] = [];
  if (domainIds && domainIds.length > 0) targets.push(...domainIds.map((domainId) => ({ domainId })));
  else for await (const c of client.iterateCustomers({}, { signal: activitySignal() })) targets.push({ domainId: c.domainId, domain: c.domain });
  const schedules: CustomerSchedule[] = [];
  // One customer at a time: the per-operation rate limit is shared with every other workflow.
  for (const t of targets) schedules.push(await readCustomerSchedule(client, t.domainId, t.domain));
  return calendarEntries(schedules);
}

export function createCalendarActivities({ client }: CalendarActivityDeps) {
  return {
    async listScheduledChanges(domainIds?: number[]): Promise<CalendarEntry[]> {
      return partnerCall(() => listScheduledChanges(client, domainIds));
    },
  };
}
