// Subscriptions and their immediate changes: add, get/list, cancel, convert to paid, upgrade (UPGRADING in the
// background) and add licenses.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Customer } from '../../partner-api/types.js';
import { groupOf, isLicensePlan, isPaidPlan, kindOf, needsDomainType, UPGRADE_PATHS } from '../catalog.js';
import { ALREADY_EXIST, MAX_COUNT } from '../inferred-products.js';
import { ApiError, body, customerOf, requireActivated, invalid, missing, params, readInt, readString, route, type SimContext } from '../http.js';
import { convertToPaid, endSubscription, present, requireUsable, startPaid, stayRenewal, subscriptionInGroup, trialEnd } from '../products.js';
import { processDue } from '../scheduler.js';
import type { SubscriptionRecord } from '../state.js';

/** The subscription named by `{subscriptionId}` (a string in the path, an integer in bodies). */
export function subscriptionOf(ctx: SimContext, request: FastifyRequest): { customer: Customer; sub: SubscriptionRecord } {
  const customer = customerOf(ctx, request);
  const raw = params(request).subscriptionId;
  const sub = ctx.state.subscriptions.get(Number(raw));
  if (!sub || sub.domainId !== customer.domainId || !/^\d+$/.test(raw ?? '')) throw new ApiError(404, 'SUBSCRIPTION_NOT_EXIST', `No subscription ${raw} for domainId ${customer.domainId}`);
  return { customer, sub };
}

/** A license-based paid plan needs licenseCount, at least the current member count. */
export function licenseCountFor(ctx: SimContext, customer: Customer, plan: string, input: Record<string, unknown>): number | null {
  if (!isLicensePlan(plan)) {
    if (input.licenseCount !== undefined && input.licenseCount !== null) throw invalid(`licenseCount is only for license-based plans, not ${plan}`);
    return null;
  }
  const members = ctx.state.usage.get(customer.domainId)?.memberCount ?? 0;
  const count = readInt(input, 'licenseCount', { required: true, min: Math.max(1, members), max: MAX_COUNT });
  return count!;
}

export function requireDomainFor(customer: Customer, productId: string): void {
  if (needsDomainType(productId) && customer.domainType !== 'DOMAIN') {
    throw invalid(`${productId} needs the tenant on a domain: register an upgrade domain and change the group to a domain first`);
  }
}

export function subscriptionRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { state, clock, options } = ctx;

  app.route({
    ...route('listSubscriptions'),
    handler: async (request) => ({ subscriptions: state.subscriptionsOf(customerOf(ctx, request).domainId).map(present) }),
  });

  app.route({ ...route('getSubscription'), handler: async (request) => present(subscriptionOf(ctx, request).sub) });

  app.route({
    ...route('addSubscription'),
    handler: async (request, reply) => {
      const customer = customerOf(ctx, request);
      requireActivated(ctx, customer);
      const input = body(request);
      const plan = readString(input, 'plan', { required: true })!;
      const productId = readString(input, 'productId', { required: true })!;
      const group = groupOf(productId);
      const kind = kindOf(productId);
      if (!group || !kind) throw invalid(`productId ${productId} is not a known product`);
      if (!group.plans.includes(plan)) throw invalid(`plan must be one of ${group.plans.join(', ')} for ${productId}`);
      const planKind = plan.startsWith('FREE') ? 'free' : plan.startsWith('TRIAL') ? 'trial' : 'paid';
      if (planKind !== kind) throw invalid(`plan ${plan} does not fit the ${kind} product ${productId}`);
      if (subscriptionInGroup(state, customer.domainId, productId)) throw new ApiError(ALREADY_EXIST.status, ALREADY_EXIST.code, `the customer already has a ${group.id} subscription`);
      requireDomainFor(customer, productId);
      const today = clock.today();
      if (kind === 'paid') {
        if (!state.usedGroups.get(customer.domainId)?.has(group.id)) throw invalid(`apply for the free or trial plan of ${group.id} before a paid one`);
        const sub = startPaid(state, customer.domainId, productId, plan, licenseCountFor(ctx, customer, plan, input), today);
        return reply.code(201).send(present(sub));
      }
      const members = state.usage.get(customer.domainId)?.memberCount ?? 0;
      const licenseCount = isLicensePlan(plan) ? (readInt(input, 'licenseCount', { min: 1, max: MAX_COUNT }) ?? Math.max(1, members)) : null;
      state.markGroupUsed(customer.domainId, group.id);
      const sub = state.addSubscription({
        domainId: customer.domainId,
        productId,
        plan,
        planStartDate: today,
        planEndDate: kind === 'trial' ? trialEnd(today) : null,
        licenseAssignType: group.id === 'ROGER' ? 'AUTO' : 'NONE',
        licenseCount,
        status: 'ACTIVE',
        renewal: null,
      });
      return reply.code(201).send(present(sub));
    },
  });

  app.route({
    ...route('cancelSubscription'),
    handler: async (request, reply) => {
      const { sub } = subscriptionOf(ctx, request);
      requireUsable(sub);
      if (state.reservations.get(sub.subscriptionId)?.type === 'START_PAID_SERVICE') {
        throw new ApiError(400, 'BAD_REQUEST', 'a paid conversion is scheduled for this subscription; delete that reservation first');
      }
      const today = clock.today();
      endSubscription(state, sub, today, isPaidPlan(sub.plan) && (sub.planEndDate ?? '') >= today);
      return reply.code(204).send();
    },
  });

  app.route({
    ...route('convertSubscriptionToPaid'),
    handler: async (request) => {
      const { customer, sub } = subscriptionOf(ctx, request);
      requireActivated(ctx, customer);
      requireUsable(sub);
      const kind = kindOf(sub.productId);
      if (kind === 'paid') throw invalid(`subscription ${sub.subscriptionId} is already on a paid plan`);
      const input = body(request);
      const plan = readString(input, 'plan', { required: true })!;
      const group = groupOf(sub.productId)!;
      if (!isPaidPlan(plan) || !group.plans.includes(plan)) throw invalid(`plan must be a paid plan of ${group.id}: ${group.plans.filter(isPaidPlan).join(', ')}`);
      let productId: string | undefined;
      if (kind === 'free') {
        productId = readString(input, 'productId', { required: true, oneOf: group.paid });
        requireDomainFor(customer, productId!);
      } else if (input.productId !== undefined) throw invalid('productId must be left out when converting a trial (its tier is kept)');
      const licenseCount = licenseCountFor(ctx, customer, plan, input);
      convertToPaid(state, sub, { plan, productId, licenseCount }, clock.today(), false);
      return present(sub);
    },
  });

  app.route({
    ...route('upgradeSubscription'),
    handler: async (request, reply) => {
      const { customer, sub } = subscriptionOf(ctx, request);
      requireActivated(ctx, customer);
      requireUsable(sub);
      const input = body(request);
      const productId = readString(input, 'productId', { required: true })!;
      if (kindOf(sub.productId) === 'free') throw invalid('a free plan cannot be upgraded; convert it to paid instead');
      if (sub.status === 'SUSPENDED_TRIALEND') throw invalid('the trial has ended (grace period); upgrades are not possible');
      const target = UPGRADE_PATHS[sub.productId];
      if (target !== productId) throw invalid(target ? `${sub.productId} can only be upgraded to ${target}` : `${sub.productId} has no higher tier`);
      if (needsDomainType(productId) && customer.domainType !== 'DOMAIN') {
        const domain = input.domain;
        const records = state.upgradeDomains.get(customer.domainId);
        if (typeof domain !== 'string') throw missing('domain');
        if (!records || records.domain !== domain) throw invalid(`domain ${domain} must be registered with addUpgradeDomain first`);
        if (!(await ctx.dns.check(records)).ownership) throw new ApiError(400, 'INVALID_DOMAIN', 'DNS records for the domain are not verified yet');
        records.isActiveDomain = true;
        customer.domain = domain;
        customer.domainType = 'DOMAIN';
        customer.enableActiveDomain = true;
      }
      // Documented side effect: a renewal setting that already targets the upgraded product is dropped.
      if (sub.renewal?.type === 'CHANGE' && sub.renewal.productId === productId) sub.renewal = { type: 'STAY' };
      sub.status = 'UPGRADING';
      sub.upgrade = { productId, completesAtMs: clock.nowMs() + options.upgradeDurationMs };
      if (options.upgradeDurationMs === 0) processDue(ctx);
      return reply.code(201).send(present(sub));
    },
  });

  app.route({
    ...route('addLicenseCount'),
    handler: async (request) => {
      const { sub } = subscriptionOf(ctx, request);
      requireUsable(sub);
      if (!isLicensePlan(sub.plan) || !isPaidPlan(sub.plan)) throw invalid(`licenses can only be added to a paid license-based plan (this one is ${sub.plan})`);
      const add = readInt(body(request), 'addLicenseCount', { required: true, min: 1, max: MAX_COUNT })!;
      if ((sub.licenseCount ?? 0) + add > MAX_COUNT) throw new ApiError(400, 'OUT_OF_RANGE', `licenseCount would exceed ${MAX_COUNT}`);
      sub.licenseCount = (sub.licenseCount ?? 0) + add;
      // Documented side effect: an immediate add deletes a scheduled ADD_LICENSE.
      if (state.reservations.get(sub.subscriptionId)?.type === 'ADD_LICENSE') state.reservations.delete(sub.subscriptionId);
      if (sub.renewal?.type === 'STAY') sub.renewal = stayRenewal(sub);
      return present(sub);
    },
  });
}
