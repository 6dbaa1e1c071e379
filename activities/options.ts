// Option activities: read what an option change can collide with, and the monthly usage list. The writes go
// through applyPlannedCall (activities/subscriptions.ts), which keeps each one exactly once.
import type { PartnerApiClient } from '../partner-api/client.js';
import type { OptionState } from '../domain/subscriptions/option-collisions.js';
import { ALL_OPTION_READS, type OptionReads } from '../domain/subscriptions/option-reads.js';
import { optionProductGroup, productGroupOf, isPaidPlan, type Subscription } from '../domain/subscriptions/subscription-products.js';
import { activitySignal, orNone, partnerCall } from './failures.js';
import type { components } from '../partner-api/types.js';

export interface OptionActivityDeps {
  client: PartnerApiClient;
}

export type OptionProductUsage = components['schemas']['OptionProductUsage'];

/** Options in use, scheduled option tasks, the target option's renewal, its base subscription and the usage status. */
export async function readOptionState(
  client: PartnerApiClient,
  domainId: number,
  optionProductId: string,
  known?: Subscription[],
  reads: OptionReads = ALL_OPTION_READS,
): Promise<OptionState> {
  const signal = activitySignal();
  const readAtMs = Date.now();
  const [options, orders, subscriptions, usage] = await Promise.all([
    client.listOptionProducts(domainId, { signal }),
    client.listOptionProductOrders(domainId, { signal }),
    // `known`: the subscriptions a caller read moments ago and handed in (a bulk selection), not read again.
    known ? { subscriptions: known } : client.listSubscriptions(domainId, { signal }),
    client.getUsageStatus(domainId, { signal }),
  ]);
  const optionList = options.optionProducts ?? [];
  const inUse = optionList.some((o) => o.optionProductId === optionProductId);
  const group = optionProductGroup(optionProductId);
  const base = (subscriptions.subscriptions ?? []).find((s) => (productGroupOf(s.productId) ?? 'WORKS') === group) ?? null;
  const [renewal, baseReservation, baseRenewal] = await Promise.all([
    // `reads`: only what this change's planner consults (domain/subscriptions/option-reads.ts).
    inUse && reads.renewal ? orNone(() => client.getOptionProductRenewal(domainId, optionProductId as never, { signal })) : undefined,
    base && reads.baseReservation ? orNone(() => client.getSubscriptionReservation(domainId, String(base.subscriptionId), { signal })) : undefined,
    // The base's renewal setting comes with the subscription list; the GET only when the list left it out.
    base && isPaidPlan(base.plan) && !base.renewal ? orNone(() => client.getSubscriptionRenewal(domainId, String(base.subscriptionId), { signal })) : undefined,
  ]);
  return {
    options: optionList,
    orders: orders.optionProductOrders ?? [],
    renewal: renewal ?? null,
    base,
    baseReservation: baseReservation ?? null,
    baseRenewal: baseRenewal ?? base?.renewal ?? null,
    usage,
    readAtMs,
  };
}

export function createOptionActivities({ client }: OptionActivityDeps) {
  return {
    async readOptionState(domainId: number, optionProductId: string, known?: Subscription[], reads?: OptionReads): Promise<OptionState> {
      return partnerCall(() => readOptionState(client, domainId, optionProductId, known ?? undefined, reads ?? undefined));
    },

    /** Daily metered option usage of one month (optionally one product group). */
    async listOptionUsages(domainId: number, year: number, month: number, productGroupId?: string): Promise<OptionProductUsage[]> {
      return partnerCall(async (signal) => {
        const query = { year, month, ...(productGroupId ? { productGroupId: productGroupId as never } : {}) };
        return (await client.listOptionProductUsages(domainId, query, { signal })).optionProductUsages ?? [];
      });
    },
  };
}
