// Applies everything that is due on the simulated clock. Runs before every API call and after every clock change:
// each day since the last run is processed in order (scheduled changes, renewals, trial ends, withdrawal, then the
// 00:00 usage snapshot; invoices on the 1st), then the time-based background work (transfers, upgrades).
import { groupOf, OPTIONS } from './catalog.js';
import { addDays, dayOfMonth } from './dates.js';
import { TRIAL_GRACE_DAYS } from './inferred-products.js';
import { needsDns, withdrawalRemovalDate } from './inferred.js';
import { issueInvoice, snapshot } from './billing.js';
import type { SimContext } from './http.js';
import {
  addOption,
  baseOf,
  cancelOption,
  contractEnd,
  convertOptionToPaid,
  convertToPaid,
  dropTierBoundOptions,
  endSubscription,
  endsEarly,
  startPaid,
  stayRenewal,
  subscriptionInGroup,
  withdrawTenant,
} from './products.js';
import { stopOptionPlusOnThe25th } from './option-plus.js';
import { renewedSubOption } from './storage.js';
import { optionKey } from './state.js';

export function processDue(ctx: SimContext): void {
  const { state, clock } = ctx;
  const today = clock.today();
  if (!state.processedThrough) state.processedThrough = today;
  while (state.processedThrough < today) {
    state.processedThrough = addDays(state.processedThrough, 1);
    applyDay(ctx, state.processedThrough);
  }
  completeBackgroundWork(ctx);
}

function applyDay(ctx: SimContext, day: string): void {
  const { state, clock } = ctx;
  if (dayOfMonth(day) === 1) issueInvoice(state, day, `${day}T00:00:00.000Z`);

  for (const order of [...state.preOrders.values()].filter((o) => o.applyDate <= day)) {
    state.preOrders.delete(order.preOrderId);
    // A duplicate pre-order (a blind retry) finds the product group already subscribed and lapses.
    if (!state.customers.has(order.domainId) || subscriptionInGroup(state, order.domainId, order.productId!)) continue;
    const sub = startPaid(state, order.domainId, order.productId!, order.plan ?? 'MONTHLY', order.licenseCount ?? null, order.applyDate);
    // Option tasks scheduled with the pre-order (subscriptionId null) start with it.
    for (const task of state.optionOrdersOf(order.domainId).filter((t) => t.subscriptionId === null && t.applyDate === order.applyDate)) {
      task.subscriptionId = sub.subscriptionId;
    }
  }

  for (const [subscriptionId, reservation] of [...state.reservations].filter(([, r]) => r.applyDate <= day)) {
    state.reservations.delete(subscriptionId);
    const sub = state.subscriptions.get(subscriptionId);
    if (!sub) continue;
    if (reservation.type === 'START_PAID_SERVICE') {
      convertToPaid(state, sub, { plan: reservation.plan!, productId: reservation.productId, licenseCount: reservation.licenseCount }, reservation.applyDate, true);
    } else if (reservation.type === 'ADD_LICENSE') {
      sub.licenseCount = (sub.licenseCount ?? 0) + (reservation.licenseCount ?? 0);
      if (sub.renewal?.type === 'STAY') sub.renewal = stayRenewal(sub);
      // A CANCEL dated before the contract end ends an annual contract early: it costs the penalty the immediate
      // cancel and deleteCustomer charge ("any penalty", deleteCustomer / x-cancellation-reservation).
    } else endSubscription(state, sub, reservation.applyDate, endsEarly(sub, reservation.applyDate));
  }

  for (const task of [...state.optionOrders.values()].filter((t) => t.applyDate <= day)) {
    const key = optionKey(task.domainId, task.optionProductId);
    state.optionOrders.delete(key);
    const base = baseOf(state, task.domainId, task.optionProductId);
    const option = state.options.get(key);
    if (task.type === 'APPLY' && base && !option) addOption(state, base, task.optionProductId, task.subOptionId, task.quantity, clock.now(), day);
    else if (task.type === 'CANCEL' && option) cancelOption(state, option, day, false);
    else if (task.type === 'START_PAID_SERVICE' && option && base) convertOptionToPaid(option, base);
    else if (task.type === 'MODIFY' && option) {
      option.subOptionId = task.subOptionId;
      option.renewal.subOptionId = task.subOptionId;
    } else if (task.type === 'CHANGE_QUANTITY' && option) {
      option.quantity = task.quantity;
      option.renewal.quantity = task.quantity;
    }
  }

  for (const [domainId, usage] of [...state.usage]) {
    if (usage.renewal && usage.renewal.applyDate <= day) {
      usage.maxMemberCount = usage.renewal.maxMemberCount;
      delete usage.renewal;
    }
    stopOptionPlusOnThe25th(usage, day);
    if (usage.withdrawalDate && usage.withdrawalDate <= day) {
      if (usage.status === 'SUSPENDED_WITHDRAWAL') {
        state.removeCustomer(domainId);
        continue;
      }
      // Like deleteCustomer on that day: everything ends (early annual contracts with their penalty); a tenant with
      // a non-real-time paid app then waits in SUSPENDED_WITHDRAWAL where "only Option Plus charges continue".
      withdrawTenant(state, domainId, usage.withdrawalDate);
      if (!usage.nonRealtimePaidApp) state.removeCustomer(domainId);
      else {
        usage.status = 'SUSPENDED_WITHDRAWAL';
        usage.withdrawalDate = withdrawalRemovalDate(usage.withdrawalDate);
      }
    }
  }

  for (const sub of [...state.subscriptions.values()]) {
    if (!sub.planEndDate || sub.planEndDate >= day) continue;
    if (sub.plan.startsWith('TRIAL')) {
      // The trial ended: suspended through the grace period, then gone.
      if (addDays(sub.planEndDate, TRIAL_GRACE_DAYS) < day) endSubscription(state, sub, day, false);
      else sub.status = 'SUSPENDED_TRIALEND';
      continue;
    }
    renew(ctx, sub.subscriptionId, addDays(sub.planEndDate, 1));
  }
  for (const option of [...state.options.values()]) {
    if (option.planEndDate >= day || option.plan === 'TRIAL') continue;
    const base = baseOf(state, option.domainId, option.optionProductId);
    if (!base || base.plan.startsWith('TRIAL') || base.plan.startsWith('FREE')) continue;
    // One-month add-ons end with their month; the others renew with their renewal setting.
    if (OPTIONS[option.optionProductId]?.oneMonth) {
      cancelOption(state, option, day, false);
      continue;
    }
    // SSTG2/BCT: a downgrade below the tenant's actual usage falls back to STAY (storage.ts).
    option.subOptionId = renewedSubOption(option, state.usage.get(option.domainId));
    option.quantity = option.renewal.quantity;
    option.renewal = { type: 'STAY', subOptionId: option.subOptionId, quantity: option.quantity };
    option.planStartDate = addDays(option.planEndDate, 1);
    option.planEndDate = base.planEndDate && base.planEndDate > option.planStartDate ? base.planEndDate : contractEnd(base.plan, option.planStartDate);
  }

  snapshot(state, day);
}

/** Renewal on the day after the contract end: STAY extends, CHANGE switches product/plan/licenses, CANCEL ends. */
function renew(ctx: SimContext, subscriptionId: number, start: string): void {
  const { state } = ctx;
  const sub = state.subscriptions.get(subscriptionId)!;
  const renewal = sub.renewal ?? { type: 'STAY' as const };
  if (renewal.type === 'CANCEL') {
    endSubscription(state, sub, start, false);
    return;
  }
  if (renewal.type === 'CHANGE') {
    const oldProduct = sub.productId;
    sub.productId = renewal.productId ?? sub.productId;
    sub.plan = renewal.plan ?? sub.plan;
    sub.licenseCount = sub.plan.endsWith('_LICENSE') ? (renewal.licenseCount ?? sub.licenseCount) : null;
    if (oldProduct !== sub.productId && groupOf(oldProduct)?.id === groupOf(sub.productId)?.id) dropTierBoundOptions(state, sub, oldProduct, start);
  }
  sub.planStartDate = start;
  sub.planEndDate = contractEnd(sub.plan, start);
  sub.renewal = stayRenewal(sub);
}

function completeBackgroundWork(ctx: SimContext): void {
  const { state, clock } = ctx;
  const nowMs = clock.nowMs();
  for (const sub of state.subscriptions.values()) {
    if (!sub.upgrade || sub.upgrade.completesAtMs > nowMs) continue;
    const oldProduct = sub.productId;
    sub.productId = sub.upgrade.productId;
    sub.status = 'ACTIVE';
    delete sub.upgrade;
    if (sub.renewal?.type === 'STAY') sub.renewal = stayRenewal(sub);
    dropTierBoundOptions(state, sub, oldProduct, clock.today());
  }
  const due = state.transfers.filter((t) => t.completesAtMs <= nowMs);
  state.transfers = state.transfers.filter((t) => t.completesAtMs > nowMs);
  for (const transfer of due) {
    const tenant = state.potentialCustomers.get(transfer.domain);
    if (!tenant) continue;
    state.potentialCustomers.delete(transfer.domain);
    state.adoptCustomer(
      {
        tenantId: tenant.tenantId,
        domainId: tenant.domainId,
        domain: tenant.domain,
        productId: null,
        companyName: tenant.companyName,
        phoneNumber: tenant.phoneNumber,
        timeZone: tenant.timeZone,
        locale: tenant.locale,
        enableActiveMxrecord: true,
        enableActiveDomain: true,
        domainType: needsDns(tenant.domain, state.choices.noDnsSuffixes) ? 'DOMAIN' : 'GROUP',
        partnership: { status: 'NORMAL', enablePartnerProfileDisplay: transfer.enablePartnerProfileDisplay },
      },
      { memberCount: tenant.memberCount },
    );
    // The tenant keeps what it used: its products become subscriptions under the partner.
    for (const productId of tenant.productIds) {
      const group = groupOf(productId);
      if (!group) continue;
      state.markGroupUsed(tenant.domainId, group.id);
      const kind = group.free.includes(productId) ? 'FREE' : group.trial.includes(productId) ? 'TRIAL' : 'MONTHLY';
      const plan = group.plans.find((p) => p.startsWith(kind)) ?? kind;
      const today = clock.today();
      if (kind === 'MONTHLY') startPaid(state, tenant.domainId, productId, plan, plan.endsWith('_LICENSE') ? tenant.memberCount : null, today);
      else
        state.addSubscription({
          domainId: tenant.domainId,
          productId,
          plan,
          planStartDate: today,
          planEndDate: kind === 'TRIAL' ? addDays(today, 29) : null,
          licenseAssignType: group.id === 'ROGER' ? 'AUTO' : 'NONE',
          licenseCount: plan.endsWith('_LICENSE') ? tenant.memberCount : null,
          status: 'ACTIVE',
          renewal: null,
        });
    }
  }
}
