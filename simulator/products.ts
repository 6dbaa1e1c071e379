// Subscription and option state changes shared by the immediate operations and the scheduler, so a change applied
// on its date behaves exactly like the same change made right away.
import { groupOf, isLicensePlan, kindOf, OPTIONS, paidOfTrial } from './catalog.js';
import { addDays, addMonths, firstOfMonth, lastOfMonth } from './dates.js';
import { ApiError } from './http.js';
import { CONTRACT_MONTHS, MONTHLY_UNIT_PRICE, ANNUAL_UNIT_PRICE, DEFAULT_UNIT_PRICE, OPTION_UNIT_PRICE, PENALTY_MONTHS, TRIAL_DAYS, optionPlanFor } from './inferred-products.js';
import { optionKey, type OptionRecord, type SimulatorState, type SubscriptionRecord } from './state.js';

/** Last day of a contract that starts on `start`: monthly plans end with the calendar month, annual ones a year on. */
export function contractEnd(plan: string, start: string): string {
  const months = CONTRACT_MONTHS[plan] ?? 1;
  return months === 1 ? lastOfMonth(start) : addDays(addMonths(start, months), -1);
}

export function trialEnd(start: string): string {
  return addDays(start, TRIAL_DAYS - 1);
}

export function stayRenewal(sub: Pick<SubscriptionRecord, 'productId' | 'plan' | 'licenseCount'>): SubscriptionRecord['renewal'] {
  return { type: 'STAY', productId: sub.productId, plan: sub.plan, ...(sub.licenseCount !== null ? { licenseCount: sub.licenseCount } : {}) };
}

/** The subscription of `domainId` in the product group of `productId`, if any. */
export function subscriptionInGroup(state: SimulatorState, domainId: number, productId: string): SubscriptionRecord | undefined {
  const group = groupOf(productId)?.id;
  return state.subscriptionsOf(domainId).find((s) => groupOf(s.productId)?.id === group);
}

export function startPaid(
  state: SimulatorState,
  domainId: number,
  productId: string,
  plan: string,
  licenseCount: number | null,
  start: string,
): SubscriptionRecord {
  const record = {
    domainId,
    productId,
    plan,
    planStartDate: start,
    planEndDate: contractEnd(plan, start),
    licenseAssignType: groupOf(productId)?.id === 'ROGER' ? ('AUTO' as const) : ('NONE' as const),
    licenseCount: isLicensePlan(plan) ? licenseCount : null,
    status: 'ACTIVE' as const,
    renewal: null,
  };
  const sub = state.addSubscription(record);
  sub.renewal = stayRenewal(sub);
  return sub;
}

/** Free/trial -> paid. Reservations of the subscription go (documented side effect of the immediate call). */
export function convertToPaid(
  state: SimulatorState,
  sub: SubscriptionRecord,
  change: { plan: string; productId?: string; licenseCount?: number | null },
  today: string,
  scheduled: boolean,
): void {
  const wasTrial = kindOf(sub.productId) === 'trial';
  sub.productId = wasTrial ? paidOfTrial(sub.productId) : change.productId!;
  sub.plan = change.plan;
  sub.licenseCount = isLicensePlan(change.plan) ? (change.licenseCount ?? null) : null;
  sub.planStartDate = today;
  sub.planEndDate = contractEnd(change.plan, today);
  sub.status = 'ACTIVE';
  sub.renewal = stayRenewal(sub);
  state.reservations.delete(sub.subscriptionId);
  if (!scheduled) return;
  // A scheduled START_PAID_SERVICE also converts the group's trial options that have no task of their own.
  for (const option of optionsOfGroup(state, sub.domainId, groupOf(sub.productId)?.id)) {
    if (option.plan !== 'TRIAL' || state.optionOrders.has(optionKey(option.domainId, option.optionProductId))) continue;
    convertOptionToPaid(option, sub);
  }
}

export function optionsOfGroup(state: SimulatorState, domainId: number, group: string | undefined): OptionRecord[] {
  return state.optionsOf(domainId).filter((o) => OPTIONS[o.optionProductId]?.productGroupId === group);
}

/** The base subscription an option family hangs off (same product group). */
export function baseOf(state: SimulatorState, domainId: number, optionProductId: string): SubscriptionRecord | undefined {
  const group = OPTIONS[optionProductId]?.productGroupId;
  return state.subscriptionsOf(domainId).find((s) => groupOf(s.productId)?.id === group);
}

export function convertOptionToPaid(option: OptionRecord, base: SubscriptionRecord): void {
  const spec = OPTIONS[option.optionProductId]!;
  const index = spec.subOptions.indexOf(option.subOptionId);
  // Trial sub-options sit just before their paid sibling in the catalogue (ACV200 -> ACV201, DRV_PS_T -> DRV_PS).
  if (spec.trialSubOptions.includes(option.subOptionId)) option.subOptionId = spec.subOptions[index + 1] ?? option.subOptionId;
  option.plan = optionPlanFor(base.plan, false);
  option.planStartDate = base.planStartDate;
  option.planEndDate = base.planEndDate ?? option.planEndDate;
  option.renewal = { type: 'STAY', subOptionId: option.subOptionId, quantity: option.quantity };
}

export function addOption(
  state: SimulatorState,
  base: SubscriptionRecord,
  optionProductId: string,
  subOptionId: string,
  quantity: number | null,
  now: Date,
  today: string,
): OptionRecord {
  const spec = OPTIONS[optionProductId]!;
  const trial = spec.trialSubOptions.includes(subOptionId);
  const option: OptionRecord = {
    domainId: base.domainId,
    subscriptionId: state.nextOptionSubscriptionId(),
    optionProductId,
    subOptionId,
    appliedTime: now.toISOString(),
    quantity: spec.quantityBased ? quantity : null,
    plan: optionPlanFor(base.plan, trial),
    planStartDate: today,
    // One-month add-ons end with the month; other options run with their base contract (a trial option with the
    // base trial, or its own trial length on a free base).
    planEndDate: spec.oneMonth ? lastOfMonth(today) : (base.planEndDate ?? trialEnd(today)),
    renewal: { type: 'STAY', subOptionId, quantity: spec.quantityBased ? quantity : null },
  };
  state.options.set(optionKey(base.domainId, optionProductId), option);
  state.optionOrders.delete(optionKey(base.domainId, optionProductId));
  return option;
}

/** Cancels an option now. An annual option cancelled early costs a penalty and can be bought again next month. */
export function cancelOption(state: SimulatorState, option: OptionRecord, today: string, early: boolean): void {
  const key = optionKey(option.domainId, option.optionProductId);
  state.options.delete(key);
  state.optionOrders.delete(key);
  const spec = OPTIONS[option.optionProductId]!;
  if (early && option.plan.startsWith('ANNUAL') && !spec.oneMonth) {
    state.optionRebuyFrom.set(key, firstOfMonth(today, 1));
    state.penalties.push({ domainId: option.domainId, date: today, itemId: option.optionProductId, amount: OPTION_UNIT_PRICE * (option.quantity ?? 1) * PENALTY_MONTHS });
  }
}

/** Ends a subscription; its product group's options end with it. */
export function endSubscription(state: SimulatorState, sub: SubscriptionRecord, today: string, early: boolean): void {
  for (const option of optionsOfGroup(state, sub.domainId, groupOf(sub.productId)?.id)) cancelOption(state, option, today, false);
  if (early && sub.plan.startsWith('ANNUAL')) {
    state.penalties.push({ domainId: sub.domainId, date: today, itemId: sub.productId, amount: unitPrice(sub.productId, sub.plan) * (sub.licenseCount ?? 1) * PENALTY_MONTHS });
  }
  state.removeSubscription(sub.subscriptionId);
}

/**
 * Whether ending `sub` on `day` ends an annual contract early: usage up to the day before plus "any penalty" is billed,
 * and "choose the day after the contract end to avoid a penalty" (openapi.yaml deleteCustomer,
 * x-cancellation-reservation, patchUsageStatus).
 */
export function endsEarly(sub: SubscriptionRecord, day: string): boolean {
  return sub.plan.startsWith('ANNUAL') && sub.planEndDate !== null && sub.planEndDate >= day;
}

/**
 * A tenant withdraws on `day` (deleted now, or its withdrawalDate came): every subscription ends and the options with
 * them, annual contracts ended early record their penalty, and nothing scheduled applies any more. deleteCustomer:
 * "Cancels every product and option of the customer"; while pending withdrawal "only Option Plus charges continue".
 */
export function withdrawTenant(state: SimulatorState, domainId: number, day: string): void {
  for (const sub of state.subscriptionsOf(domainId)) endSubscription(state, sub, day, endsEarly(sub, day));
  for (const [id, order] of state.preOrders) if (order.domainId === domainId) state.preOrders.delete(id);
  for (const [key, task] of state.optionOrders) if (task.domainId === domainId) state.optionOrders.delete(key);
  const usage = state.usage.get(domainId);
  if (usage) delete usage.renewal;
}

export function unitPrice(productId: string, plan: string): number {
  if (plan.startsWith('FREE') || plan.startsWith('TRIAL')) return 0;
  const table = plan.startsWith('ANNUAL') ? ANNUAL_UNIT_PRICE : MONTHLY_UNIT_PRICE;
  return table[productId] ?? DEFAULT_UNIT_PRICE;
}

/** Subscription as the API shows it (internal upgrade bookkeeping left out). */
export function present(sub: SubscriptionRecord) {
  const { upgrade: _upgrade, renewal, ...shown } = sub;
  return { ...shown, renewal: presentRenewal(sub, renewal) };
}

/** Renewal setting as the API shows it: paid subscriptions only, carrying their subscriptionId. */
export function presentRenewal(sub: SubscriptionRecord, renewal = sub.renewal) {
  return renewal ? { subscriptionId: sub.subscriptionId, ...renewal } : null;
}

export function presentOption(option: OptionRecord) {
  const { domainId: _d, renewal: _r, ...shown } = option;
  return shown;
}

/** Applies the option-side effects of an upgrade: sub-options bound to the old tier end (Drive for STD on STD -> ADV). */
export function dropTierBoundOptions(state: SimulatorState, sub: SubscriptionRecord, oldProduct: string, today: string): void {
  const oldTier = paidOfTrial(oldProduct);
  for (const option of optionsOfGroup(state, sub.domainId, groupOf(sub.productId)?.id)) {
    const bound = OPTIONS[option.optionProductId]?.tierBound?.[oldTier];
    if (bound?.includes(option.subOptionId)) cancelOption(state, option, today, false);
  }
}

/** Refuses changes while an upgrade runs. 400, not 409: most subscription operations document no 409. */
export function requireUsable(sub: SubscriptionRecord): void {
  if (sub.status === 'UPGRADING') throw new ApiError(400, 'BAD_REQUEST', `subscription ${sub.subscriptionId} is being upgraded; try again when it is ACTIVE`);
}
