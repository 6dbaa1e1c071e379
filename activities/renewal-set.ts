// The exactly-once check of the "set-to-value" writes (guard SET): the renewal settings of a subscription and of an
// option. Repeating one leaves the same state, but the rule is one write per change: after an unclear end the retry
// waits the settle delay, reads the setting, and sends nothing when it already holds the values asked for.
import type { PartnerApiClient } from '../partner-api/client.js';
import type { PlannedCall } from '../domain/subscriptions/subscription-plan-types.js';
import { activitySignal, orNone } from './failures.js';

/** The SET operations this module can check. */
const CHECKED = ['patchSubscriptionRenewal', 'patchOptionProductRenewal'];

export function renewalSetCheckable(call: PlannedCall): boolean {
  return call.guard.kind === 'SET' && CHECKED.includes(call.operationId);
}

/** Every field the body sets has that value in `current`. */
function holds(body: unknown, current: Record<string, unknown> | undefined): boolean {
  if (!current || typeof body !== 'object' || body === null) return false;
  return Object.entries(body as Record<string, unknown>).every(([field, value]) => value === undefined || current[field] === value);
}

/** Does the renewal setting already hold what `call` sets? (Only for renewalSetCheckable calls.) */
export async function renewalAlreadySet(client: PartnerApiClient, call: PlannedCall): Promise<boolean> {
  const domainId = Number(call.path.domainId);
  const signal = activitySignal();
  if (call.operationId === 'patchSubscriptionRenewal') {
    const subscriptionId = Number(call.path.subscriptionId);
    const sub = ((await client.listSubscriptions(domainId, { signal })).subscriptions ?? []).find((s) => s.subscriptionId === subscriptionId);
    const renewal = sub?.renewal ?? (sub ? await orNone(() => client.getSubscriptionRenewal(domainId, String(subscriptionId), { signal })) : undefined);
    return holds(call.body, renewal as Record<string, unknown> | undefined);
  }
  const renewal = await orNone(() => client.getOptionProductRenewal(domainId, String(call.path.optionProductId) as never, { signal }));
  return holds(call.body, renewal as Record<string, unknown> | undefined);
}
