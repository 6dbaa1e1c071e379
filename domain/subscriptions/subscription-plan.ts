// The subscription change planner: input + current state + today -> plan. Pure and deterministic, so the workflow
// can run it (and re-run it on a timer's wake-up) and preview mode can show exactly what would be called.
//
// Routing (openapi.yaml SubscriptionChangeTiming x-timings, x-apply-timing, x-preconditions):
// - `now` (or today's date): the immediate call.
// - a date: a pre-order (paid products, tomorrow..+31 days), a reservation (START_PAID_SERVICE from free
//   tomorrow..+60 days / from trial until the trial ends; ADD_LICENSE tomorrow..planEndDate; CANCEL
//   tomorrow..planEndDate+1), the renewal setting when the date is the renewal date (planEndDate+1), or a durable timer
//   followed by the immediate call when the date is beyond what the API can schedule.
// - `renewal`: the renewal setting (STAY, CHANGE, CANCEL). Downgrades, plan changes and license reductions exist only here.
import { addDays, inWindow } from '../dates.js';
import { findSubscriptionCollisions, type CollisionKind, type DraftChange, type SubscriptionState } from './subscription-collisions.js';
import type { ChangeSubscriptionInput } from './subscription-input.js';
import { planSubscriptionReschedule } from './subscription-reschedule.js';
import { applyProceedDespite, type Plan, type PlannedCall } from './subscription-plan-types.js';
import {
  compareTiers,
  isLicenseBasedPlan,
  isPaidPlan,
  isPaidProduct,
  isTrialPlan,
  sameProductGroup,
  type Subscription,
} from './subscription-products.js';

export type { SubscriptionState } from './subscription-collisions.js';
export type SubscriptionPlan = Plan<CollisionKind>;

export interface PlannerOptions {
  /** Days after a trial's planEndDate during which it can still be converted (the grace period is undocumented). */
  trialGraceDays?: number;
}

/** The documented date windows, for people and for tests. */
export const WINDOWS = {
  PRE_ORDER_MAX_DAYS: 31,
  PAID_CONVERSION_FROM_FREE_MAX_DAYS: 60,
} as const;

type Draft = Omit<SubscriptionPlan, 'collisions' | 'blockedBy' | 'today'> & { guardChange?: Omit<DraftChange, 'domainId' | 'action'> };

function notPossible(reason: string): Draft {
  return { route: 'NOT_POSSIBLE', reason, calls: [], effects: [] };
}

function alreadyDone(reason: string): Draft {
  return { route: 'ALREADY_DONE', reason, calls: [], effects: [] };
}

function timer(wakeDate: string, reason: string, effects: string[] = []): Draft {
  return {
    route: 'TIMER_THEN_IMMEDIATE',
    reason,
    wakeDate,
    effectiveDate: wakeDate,
    calls: [],
    effects: [`on ${wakeDate} the workflow re-reads the state, checks collisions again and makes the immediate call`, ...effects],
    guardChange: { route: 'TIMER_THEN_IMMEDIATE', effectiveDate: wakeDate },
  };
}

/** The date `when` stands for: today for `now`, planEndDate+1 for `renewal`. */
function resolveWhen(when: string, today: string, sub: Subscription | undefined): { date?: string; problem?: string } {
  if (when === 'now') return { date: today };
  if (when === 'renewal') {
    if (!sub) return { problem: 'when "renewal" needs an existing subscription' };
    if (!sub.planEndDate || !isPaidPlan(sub.plan)) return { problem: `subscription ${sub.subscriptionId} is on ${sub.plan}, which has no renewal (free and trial plans do not renew)` };
    return { date: addDays(sub.planEndDate, 1) };
  }
  if (when < today) return { problem: `when ${when} is in the past (today is ${today} in the API's time zone)` };
  return { date: when };
}

function renewalDateOf(sub: Subscription): string | undefined {
  return sub.planEndDate && isPaidPlan(sub.plan) ? addDays(sub.planEndDate, 1) : undefined;
}

function renewalCall(domainId: number, sub: Subscription, body: RenewalBody): PlannedCall {
  return {
    operationId: 'patchSubscriptionRenewal',
    path: { domainId, subscriptionId: sub.subscriptionId },
    body,
    guard: { kind: 'SET' },
    summary: `set the renewal of subscription ${sub.subscriptionId} to ${body.type}${body.type === 'CHANGE' ? ` (${[body.productId, body.plan, body.licenseCount !== undefined ? `${body.licenseCount} licenses` : undefined].filter(Boolean).join(', ')})` : ''}`,
  };
}

interface RenewalBody {
  type: 'STAY' | 'CHANGE' | 'CANCEL';
  productId?: string;
  plan?: string;
  licenseCount?: number;
}

function sameRenewal(state: SubscriptionState, body: RenewalBody): boolean {
  const r = state.renewal;
  if (!r || r.type !== body.type) return false;
  if (body.type !== 'CHANGE') return true;
  return r.productId === body.productId && r.plan === body.plan && (r.licenseCount ?? undefined) === body.licenseCount;
}

/** A CHANGE renewal keeps what is not being changed from the current renewal setting, else from the subscription. */
function changeBody(sub: Subscription, state: SubscriptionState, change: Partial<Omit<RenewalBody, 'type'>>): RenewalBody {
  const base = state.renewal?.type === 'CHANGE' ? state.renewal : undefined;
  const plan = change.plan ?? base?.plan ?? sub.plan;
  const licenseCount = isLicenseBasedPlan(plan) ? (change.licenseCount ?? base?.licenseCount ?? sub.licenseCount ?? undefined) : undefined;
  return {
    type: 'CHANGE',
    productId: change.productId ?? base?.productId ?? sub.productId,
    plan,
    ...(licenseCount !== undefined && licenseCount !== null ? { licenseCount } : {}),
  };
}

function atRenewal(domainId: number, sub: Subscription, state: SubscriptionState, body: RenewalBody, renewalDate: string, why: string): Draft {
  if (sameRenewal(state, body)) return alreadyDone(`the renewal setting of subscription ${sub.subscriptionId} is already ${body.type} with these values`);
  return {
    route: 'AT_RENEWAL',
    reason: why,
    effectiveDate: renewalDate,
    calls: [renewalCall(domainId, sub, body)],
    effects: [`takes effect at renewal on ${renewalDate}; the whole renewal setting is replaced`],
    guardChange: { route: 'AT_RENEWAL', effectiveDate: renewalDate, subscription: sub, renewalBody: body, licenseCount: body.licenseCount },
  };
}

/** Renewal-only actions (downgrade, plan change, license reduction, keep): `now`, `renewal` or the renewal date. */
function renewalOnly(input: ChangeSubscriptionInput, sub: Subscription, state: SubscriptionState, date: string, today: string, body: RenewalBody, what: string): Draft {
  const renewalDate = renewalDateOf(sub);
  if (!renewalDate) return notPossible(`${what} happens at renewal, and subscription ${sub.subscriptionId} (${sub.plan}) has no renewal`);
  const nowIsFine = input.action === 'KEEP_AT_RENEWAL' && input.when === 'now';
  if (date !== renewalDate && !nowIsFine) {
    return notPossible(
      `${what} can only take effect at renewal (${renewalDate}); no immediate or dated operation exists for it. Use when "renewal"${date === today ? '' : ` instead of ${date}`}`,
    );
  }
  return atRenewal(input.domainId, sub, state, body, renewalDate, `${what} is only possible at renewal: set through the renewal setting`);
}

function planAddSubscription(input: ChangeSubscriptionInput, state: SubscriptionState, today: string, date: string): Draft {
  const productId = input.productId as string;
  const plan = input.plan as string;
  if (input.when === 'renewal') return notPossible('a new subscription cannot be applied for "at renewal": give "now" or a date');
  if (isLicenseBasedPlan(plan) && input.licenseCount === undefined) return notPossible(`plan ${plan} is license-based: licenseCount is required`);
  const existing = state.subscriptions.find((s) => sameProductGroup(s.productId, productId));
  if (existing?.productId === productId) return alreadyDone(`the customer already has ${productId} (subscription ${existing.subscriptionId})`);
  if (existing) {
    const hint = isPaidProduct(productId) && !isPaidPlan(existing.plan) ? ' Use CONVERT_TO_PAID (or UPGRADE) on it instead.' : ' Use UPGRADE, DOWNGRADE or CHANGE_PLAN on it instead.';
    return notPossible(`the customer already has ${existing.productId} (subscription ${existing.subscriptionId}) in the same product group; there is one subscription per group.${hint}`);
  }
  const body = { productId, plan, ...(input.licenseCount !== undefined ? { licenseCount: input.licenseCount } : {}) };
  if (date === today) {
    return {
      route: 'IMMEDIATE',
      reason: 'applied for now with the immediate call',
      effectiveDate: today,
      calls: [
        {
          operationId: 'addSubscription',
          path: { domainId: input.domainId },
          body,
          guard: { kind: 'SUBSCRIPTION_PRODUCT', productId },
          summary: `apply for ${productId} (${plan}) now`,
        },
      ],
      effects: isPaidProduct(productId) ? ['a paid product can be applied for only after the customer has used its free or trial plan'] : [],
      guardChange: { route: 'IMMEDIATE', effectiveDate: today, productId },
    };
  }
  const paid = isPaidProduct(productId) && isPaidPlan(plan);
  const lastPreOrderDay = addDays(today, WINDOWS.PRE_ORDER_MAX_DAYS);
  if (!paid) return timer(date, `free and trial plans cannot be pre-ordered (only paid ones); a timer waits until ${date}, then applies immediately`);
  if (date > lastPreOrderDay) {
    return timer(date, `${date} is beyond the pre-order window (tomorrow to ${lastPreOrderDay}); a timer waits until ${date}, then applies immediately`);
  }
  const same = state.preOrders.find((p) => p.productId === productId && p.applyDate === date);
  if (same) return alreadyDone(`pre-order #${same.preOrderId} already applies for ${productId} on ${date}`);
  return {
    route: 'PRE_ORDER',
    reason: `${date} lies in the pre-order window for paid products (tomorrow to ${lastPreOrderDay})`,
    effectiveDate: date,
    calls: [
      {
        operationId: 'addSubscriptionPreOrder',
        path: { domainId: input.domainId },
        body: { applyDate: date, ...body },
        guard: { kind: 'NEW_PRE_ORDER', existingIds: state.preOrders.map((p) => p.preOrderId), productId, applyDate: date },
        summary: `pre-order ${productId} (${plan}) to start on ${date}`,
      },
    ],
    effects: ['option products to start with it need their own scheduled tasks on the same date'],
    guardChange: { route: 'PRE_ORDER', effectiveDate: date, productId },
  };
}

function planConvertToPaid(input: ChangeSubscriptionInput, sub: Subscription, state: SubscriptionState, today: string, date: string, options: PlannerOptions): Draft {
  const plan = input.plan as string;
  if (!isPaidPlan(plan)) return notPossible(`plan ${plan} is not a paid contract type`);
  if (isPaidPlan(sub.plan)) {
    return sub.plan === plan ? alreadyDone(`subscription ${sub.subscriptionId} is already paid (${sub.plan})`) : notPossible(`subscription ${sub.subscriptionId} is already paid (${sub.plan}); use CHANGE_PLAN to change the contract type at renewal`);
  }
  const fromTrial = isTrialPlan(sub.plan);
  if (fromTrial && input.productId !== undefined) return notPossible('productId must not be given when converting a trial (the trial keeps its tier); leave it out');
  if (!fromTrial && input.productId === undefined) return notPossible('productId is required when converting a free plan (the paid product to switch to)');
  if (isLicenseBasedPlan(plan) && input.licenseCount === undefined) return notPossible(`plan ${plan} is license-based: licenseCount is required`);
  const body = { plan, ...(input.productId ? { productId: input.productId } : {}), ...(input.licenseCount !== undefined ? { licenseCount: input.licenseCount } : {}) };
  if (input.licenseCount !== undefined && state.usage.memberCount !== undefined && input.licenseCount < state.usage.memberCount) {
    return notPossible(`licenseCount ${input.licenseCount} is below the current member count ${state.usage.memberCount}; the API requires at least that many`);
  }
  if (date === today) {
    return {
      route: 'IMMEDIATE',
      reason: 'converted now with the immediate paid-service call',
      effectiveDate: today,
      calls: [
        {
          operationId: 'convertSubscriptionToPaid',
          path: { domainId: input.domainId, subscriptionId: sub.subscriptionId },
          body,
          guard: { kind: 'SUBSCRIPTION_PAID', subscriptionId: sub.subscriptionId },
          summary: `convert subscription ${sub.subscriptionId} to ${plan} now`,
        },
      ],
      effects: ['all reservations of the subscription are deleted', 'trial options stay in trial (convert them separately)'],
      guardChange: { route: 'IMMEDIATE', effectiveDate: today, subscription: sub, licenseCount: input.licenseCount },
    };
  }
  const windowEnd = fromTrial
    ? sub.planEndDate
      ? addDays(sub.planEndDate, options.trialGraceDays ?? 0)
      : undefined
    : addDays(today, WINDOWS.PAID_CONVERSION_FROM_FREE_MAX_DAYS);
  if (fromTrial && (!windowEnd || date > windowEnd)) {
    return notPossible(`the trial ends ${windowEnd ? `on ${windowEnd}` : 'at an unknown date'}; a trial can be converted only until then (choose a date up to ${windowEnd ?? 'the trial end'})`);
  }
  if (windowEnd && date > windowEnd) {
    return timer(date, `${date} is beyond the START_PAID_SERVICE window from a free plan (tomorrow to ${windowEnd}); a timer waits until ${date}, then converts immediately`, [
      'all reservations of the subscription are deleted by the immediate conversion',
    ]);
  }
  return reservation(input.domainId, sub, state, { type: 'START_PAID_SERVICE', applyDate: date, ...body }, `${date} lies in the START_PAID_SERVICE window (tomorrow to ${windowEnd})`, [
    'trial option products without a reservation of their own are converted to paid as well',
  ]);
}

function reservation(domainId: number, sub: Subscription, state: SubscriptionState, body: { type: string; applyDate: string; licenseCount?: number; plan?: string; productId?: string }, reason: string, effects: string[]): Draft {
  const existing = state.reservation;
  if (existing && existing.type === body.type && existing.applyDate === body.applyDate && (existing.licenseCount ?? undefined) === body.licenseCount) {
    return alreadyDone(`subscription ${sub.subscriptionId} already has this ${body.type} reservation on ${body.applyDate}`);
  }
  return {
    route: 'RESERVATION',
    reason,
    effectiveDate: body.applyDate,
    calls: [
      {
        operationId: 'addSubscriptionReservation',
        path: { domainId, subscriptionId: sub.subscriptionId },
        body,
        guard: { kind: 'RESERVATION', subscriptionId: sub.subscriptionId, type: body.type, applyDate: body.applyDate },
        summary: `schedule ${body.type} for subscription ${sub.subscriptionId} on ${body.applyDate}`,
      },
    ],
    effects: ['a subscription holds one reservation at a time; option products need their own scheduled tasks', ...effects],
    guardChange: { route: 'RESERVATION', effectiveDate: body.applyDate, subscription: sub, reservationBody: body },
  };
}

function planUpgrade(input: ChangeSubscriptionInput, sub: Subscription, state: SubscriptionState, today: string, date: string): Draft {
  const target = input.productId as string;
  if (sub.productId === target) return alreadyDone(`subscription ${sub.subscriptionId} already runs ${target}`);
  const order = compareTiers(sub.productId, target);
  if (order === -1) return notPossible(`${target} is a lower tier than ${sub.productId}: use DOWNGRADE (takes effect at renewal)`);
  if (order === undefined) return notPossible(`${sub.productId} cannot be upgraded to ${target} (not a higher tier of the same product group)`);
  if (!isPaidPlan(sub.plan) && !isTrialPlan(sub.plan)) return notPossible(`free plans cannot be upgraded; use CONVERT_TO_PAID with productId ${target}`);
  const renewalDate = renewalDateOf(sub);
  if (renewalDate && date === renewalDate) {
    return atRenewal(input.domainId, sub, state, changeBody(sub, state, { productId: target }), renewalDate, `${date} is the renewal date: the upgrade is set as a renewal CHANGE`);
  }
  if (date === today) {
    return {
      route: 'IMMEDIATE',
      reason: 'upgraded now with the immediate upgrade call',
      effectiveDate: today,
      calls: [
        {
          operationId: 'upgradeSubscription',
          path: { domainId: input.domainId, subscriptionId: sub.subscriptionId },
          body: { productId: target, ...(input.domain ? { domain: input.domain } : {}) },
          guard: { kind: 'SUBSCRIPTION_ON_PRODUCT', subscriptionId: sub.subscriptionId, productId: target },
          summary: `upgrade subscription ${sub.subscriptionId} from ${sub.productId} to ${target} now`,
        },
      ],
      effects: [
        'a renewal setting that targets the upgraded product is deleted',
        'options not sold on the new tier are cancelled',
        'the upgrade may finish in the background: the workflow waits until the subscription is ACTIVE on the new product',
      ],
      waitForActive: { subscriptionId: sub.subscriptionId, productId: target },
      guardChange: { route: 'IMMEDIATE', effectiveDate: today, subscription: sub, productId: target },
    };
  }
  return timer(date, `no scheduled upgrade exists except at renewal${renewalDate ? ` (${renewalDate})` : ''}; a timer waits until ${date}, then upgrades immediately`);
}

function planAddLicenses(input: ChangeSubscriptionInput, sub: Subscription, state: SubscriptionState, today: string, date: string): Draft {
  const add = input.addLicenses as number;
  if (sub.licenseCount === null || sub.licenseCount === undefined || !isLicenseBasedPlan(sub.plan)) {
    return notPossible(`subscription ${sub.subscriptionId} (${sub.plan}) is not license-based; licenses can be added only to license-based contract types`);
  }
  const current = sub.licenseCount;
  const renewalDate = renewalDateOf(sub);
  if (date === today) {
    const expected = input.expectedLicenseCount;
    if (expected !== undefined && current === expected + add) {
      return alreadyDone(`subscription ${sub.subscriptionId} already has ${current} licenses (${expected} expected before + ${add})`);
    }
    if (expected !== undefined && current !== expected) {
      return notPossible(`subscription ${sub.subscriptionId} has ${current} licenses; the request expected ${expected} before adding ${add} (or ${expected + add} once added)`);
    }
    return {
      route: 'IMMEDIATE',
      reason: 'added now with the immediate add-license-count call',
      effectiveDate: today,
      calls: [
        {
          operationId: 'addLicenseCount',
          path: { domainId: input.domainId, subscriptionId: sub.subscriptionId },
          body: { addLicenseCount: add },
          guard: { kind: 'LICENSE_COUNT', subscriptionId: sub.subscriptionId, before: current, target: current + add },
          summary: `add ${add} licenses to subscription ${sub.subscriptionId} now (${current} -> ${current + add})`,
        },
      ],
      effects: ['a pending ADD_LICENSE reservation is deleted', 'billing increases from today'],
      guardChange: { route: 'IMMEDIATE', effectiveDate: today, subscription: sub },
    };
  }
  if (renewalDate && date === renewalDate) {
    return atRenewal(input.domainId, sub, state, changeBody(sub, state, { licenseCount: current + add }), renewalDate, `${date} is the renewal date: the license count is set as a renewal CHANGE`);
  }
  if (sub.planEndDate && inWindow(date, addDays(today, 1), sub.planEndDate)) {
    return reservation(input.domainId, sub, state, { type: 'ADD_LICENSE', applyDate: date, licenseCount: add }, `${date} lies in the ADD_LICENSE window (tomorrow to the contract end ${sub.planEndDate})`, []);
  }
  return timer(date, `${date} is beyond the ADD_LICENSE window (tomorrow to ${sub.planEndDate ?? 'the contract end'}); a timer waits until ${date}, then adds immediately`);
}

function planCancel(input: ChangeSubscriptionInput, sub: Subscription, state: SubscriptionState, today: string, date: string): Draft {
  const renewalDate = renewalDateOf(sub);
  if (renewalDate && date === renewalDate) {
    return atRenewal(input.domainId, sub, state, { type: 'CANCEL' }, renewalDate, `${date} is the renewal date: the subscription is not renewed (renewal CANCEL, no penalty)`);
  }
  if (date === today) {
    return {
      route: 'IMMEDIATE',
      reason: 'cancelled now with the immediate cancel call (irreversible)',
      effectiveDate: today,
      calls: [
        {
          operationId: 'cancelSubscription',
          path: { domainId: input.domainId, subscriptionId: sub.subscriptionId },
          guard: { kind: 'GONE' },
          summary: `cancel subscription ${sub.subscriptionId} (${sub.productId}) now`,
        },
      ],
      effects: ['irreversible', 'a mid-term cancellation of a paid plan may be billed a penalty'],
      guardChange: { route: 'IMMEDIATE', effectiveDate: today, subscription: sub },
    };
  }
  if (isPaidPlan(sub.plan) && sub.planEndDate && inWindow(date, addDays(today, 1), addDays(sub.planEndDate, 1))) {
    return reservation(input.domainId, sub, state, { type: 'CANCEL', applyDate: date }, `${date} lies in the CANCEL window (tomorrow to ${addDays(sub.planEndDate, 1)})`, [
      'the option products of the subscription are cancelled together',
      'usage up to the day before the date plus any penalty is billed',
    ]);
  }
  const why = isPaidPlan(sub.plan) ? `${date} is beyond the CANCEL window (tomorrow to ${sub.planEndDate ? addDays(sub.planEndDate, 1) : 'the day after the contract end'})` : `a ${sub.plan} subscription cannot have a CANCEL reservation (paid products only)`;
  return timer(date, `${why}; a timer waits until ${date}, then cancels immediately`);
}

function draftFor(input: ChangeSubscriptionInput, state: SubscriptionState, today: string, options: PlannerOptions): Draft {
  if (state.usage.status === 'SUSPENDED_WITHDRAWAL') {
    return notPossible(`the tenant is pending withdrawal (deleted on ${state.usage.withdrawalDate ?? 'an undisclosed date'}); this cannot be undone and no change is possible`);
  }
  if (input.action === 'RESCHEDULE') return planSubscriptionReschedule(input, state, today, options.trialGraceDays);
  const sub = input.subscriptionId !== undefined ? state.subscriptions.find((s) => s.subscriptionId === input.subscriptionId) : undefined;
  if (input.action !== 'ADD_SUBSCRIPTION' && !sub) {
    if (input.action === 'CANCEL') return alreadyDone(`subscription ${input.subscriptionId} is not among the customer's subscriptions (already cancelled or never existed)`);
    return notPossible(`subscription ${input.subscriptionId} is not among the customer's subscriptions`);
  }
  const resolved = resolveWhen(input.when, today, sub);
  if (!resolved.date) return notPossible(resolved.problem as string);
  const date = resolved.date;

  switch (input.action) {
    case 'ADD_SUBSCRIPTION':
      return planAddSubscription(input, state, today, date);
    case 'CONVERT_TO_PAID':
      return planConvertToPaid(input, sub as Subscription, state, today, date, options);
    case 'UPGRADE':
      return planUpgrade(input, sub as Subscription, state, today, date);
    case 'ADD_LICENSES':
      return planAddLicenses(input, sub as Subscription, state, today, date);
    case 'CANCEL':
      return planCancel(input, sub as Subscription, state, today, date);
    case 'DOWNGRADE': {
      const s = sub as Subscription;
      if (s.productId === input.productId) return alreadyDone(`subscription ${s.subscriptionId} already runs ${input.productId}`);
      if (compareTiers(s.productId, input.productId as string) !== -1) return notPossible(`${input.productId} is not a lower tier of ${s.productId}: use UPGRADE`);
      const body = changeBody(s, state, { productId: input.productId, ...(input.plan ? { plan: input.plan } : {}), ...(input.licenseCount !== undefined ? { licenseCount: input.licenseCount } : {}) });
      return renewalOnly(input, s, state, date, today, body, 'a downgrade');
    }
    case 'CHANGE_PLAN': {
      const s = sub as Subscription;
      if (!isPaidPlan(input.plan as string)) return notPossible(`plan ${input.plan} is not a paid contract type`);
      const body = changeBody(s, state, { plan: input.plan, ...(input.licenseCount !== undefined ? { licenseCount: input.licenseCount } : {}) });
      if (isLicenseBasedPlan(body.plan as string) && body.licenseCount === undefined) return notPossible(`plan ${input.plan} is license-based: licenseCount is required`);
      return renewalOnly(input, s, state, date, today, body, 'a contract type change');
    }
    case 'REDUCE_LICENSES': {
      const s = sub as Subscription;
      const target = input.licenseCount as number;
      if (s.licenseCount === null || s.licenseCount === undefined) return notPossible(`subscription ${s.subscriptionId} (${s.plan}) is not license-based`);
      if (target >= s.licenseCount) return notPossible(`licenseCount ${target} is not lower than the current ${s.licenseCount}; use ADD_LICENSES to add`);
      return renewalOnly(input, s, state, date, today, changeBody(s, state, { licenseCount: target }), 'a license reduction');
    }
    case 'KEEP_AT_RENEWAL':
      return renewalOnly(input, sub as Subscription, state, date, today, { type: 'STAY' }, 'keeping the subscription unchanged');
  }
}

/** Plans a subscription change. `today` is the date in the API's time zone. */
export function planSubscriptionChange(input: ChangeSubscriptionInput, state: SubscriptionState, today: string, options: PlannerOptions = {}): SubscriptionPlan {
  const { guardChange, ...draft } = draftFor(input, state, today, options);
  const collisions = guardChange ? findSubscriptionCollisions({ ...guardChange, action: input.action, domainId: input.domainId }, state) : [];
  return applyProceedDespite({ ...draft, today, collisions, blockedBy: [] }, input.proceedDespite ?? []);
}
