// Scheduled subscription changes: pre-orders (apply for a paid product on a date), reservations (one dated change
// per subscription: START_PAID_SERVICE, ADD_LICENSE, CANCEL) and the renewal setting (STAY, CHANGE, CANCEL).
import type { FastifyInstance } from 'fastify';
import { groupOf, isLicensePlan, isPaidPlan, kindOf } from '../catalog.js';
import { addDays } from '../dates.js';
import { ALREADY_EXIST, FREE_CONVERSION_WINDOW_DAYS, MAX_COUNT, PRE_ORDER_WINDOW_DAYS, TRIAL_GRACE_DAYS } from '../inferred-products.js';
import { ApiError, body, customerOf, requireActivated, invalid, params, readDate, readInt, readString, requireWindow, route, type SimContext } from '../http.js';
import { presentRenewal, requireUsable, stayRenewal, subscriptionInGroup } from '../products.js';
import type { PreOrderRecord, ReservationRecord, SubscriptionRecord } from '../state.js';
import { licenseCountFor, requireDomainFor, subscriptionOf } from './subscriptions.js';

function presentPreOrder(order: PreOrderRecord) {
  const { domainId: _domainId, ...shown } = order;
  return shown;
}

export function subscriptionScheduleRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { state, clock } = ctx;
  const tomorrow = () => addDays(clock.today(), 1);

  function preOrderOf(domainId: number, raw: string | undefined): PreOrderRecord {
    const order = state.preOrders.get(Number(raw));
    if (!order || order.domainId !== domainId) throw new ApiError(404, 'PRE_ORDER_NOT_EXIST', `No pre-order ${raw} for domainId ${domainId}`);
    return order;
  }

  app.route({
    ...route('listSubscriptionPreOrders'),
    handler: async (request) => {
      const customer = customerOf(ctx, request);
      const orders = [...state.preOrders.values()].filter((o) => o.domainId === customer.domainId);
      return { subscriptionPreOrders: orders.map(presentPreOrder) };
    },
  });

  app.route({
    ...route('addSubscriptionPreOrder'),
    handler: async (request, reply) => {
      const customer = customerOf(ctx, request);
      requireActivated(ctx, customer);
      const input = body(request);
      const applyDate = readDate(input, 'applyDate')!;
      const productId = readString(input, 'productId', { required: true })!;
      const group = groupOf(productId);
      if (!group || kindOf(productId) !== 'paid') throw invalid('productId must be a paid product: free and trial plans are applied for immediately (addSubscription)');
      const plan = readString(input, 'plan', { required: true })!;
      if (!isPaidPlan(plan) || !group.plans.includes(plan)) throw invalid(`plan must be a paid plan of ${group.id}: ${group.plans.filter(isPaidPlan).join(', ')}`);
      requireWindow('applyDate', applyDate, tomorrow(), addDays(clock.today(), PRE_ORDER_WINDOW_DAYS));
      if (subscriptionInGroup(state, customer.domainId, productId)) throw new ApiError(ALREADY_EXIST.status, ALREADY_EXIST.code, `the customer already has a ${group.id} subscription; change it instead`);
      requireDomainFor(customer, productId);
      const licenseCount = licenseCountFor(ctx, customer, plan, input);
      // Each call makes a new pre-order (documented retry risk): a blind retry leaves two.
      const order = state.addPreOrder({ domainId: customer.domainId, productId: productId as PreOrderRecord['productId'], applyDate, plan: plan as PreOrderRecord['plan'], licenseCount });
      return reply.code(201).send({ subscriptionPreOrders: [presentPreOrder(order)] });
    },
  });

  app.route({
    ...route('patchSubscriptionPreOrder'),
    handler: async (request) => {
      const customer = customerOf(ctx, request);
      const order = preOrderOf(customer.domainId, params(request).preOrderId);
      const input = body(request);
      const extra = Object.keys(input).filter((k) => k !== 'applyDate');
      if (extra.length > 0) throw invalid(`only applyDate can change (got ${extra.join(', ')})`);
      const applyDate = readDate(input, 'applyDate')!;
      requireWindow('applyDate', applyDate, tomorrow(), addDays(clock.today(), PRE_ORDER_WINDOW_DAYS));
      order.applyDate = applyDate;
      return { subscriptionPreOrders: [presentPreOrder(order)] };
    },
  });

  app.route({
    ...route('deleteSubscriptionPreOrder'),
    handler: async (request, reply) => {
      const customer = customerOf(ctx, request);
      const order = preOrderOf(customer.domainId, params(request).preOrderId);
      // Documented: option tasks scheduled with the pre-order are not removed with it.
      state.preOrders.delete(order.preOrderId);
      return reply.code(204).send();
    },
  });

  /** The allowed applyDate window of a reservation of `type` on `sub`. */
  function reservationWindow(sub: SubscriptionRecord, type: ReservationRecord['type']): { from: string; to: string } {
    const from = tomorrow();
    if (type === 'START_PAID_SERVICE') {
      if (kindOf(sub.productId) === 'free') return { from, to: addDays(clock.today(), FREE_CONVERSION_WINDOW_DAYS) };
      return { from, to: addDays(sub.planEndDate!, TRIAL_GRACE_DAYS) };
    }
    if (type === 'ADD_LICENSE') return { from, to: sub.planEndDate! };
    return { from, to: addDays(sub.planEndDate!, 1) };
  }

  function reservationOf(sub: SubscriptionRecord): ReservationRecord {
    const reservation = state.reservations.get(sub.subscriptionId);
    if (!reservation) throw new ApiError(404, 'RESERVATION_NOT_EXIST', `No scheduled change for subscription ${sub.subscriptionId}`);
    return reservation;
  }

  app.route({ ...route('getSubscriptionReservation'), handler: async (request) => reservationOf(subscriptionOf(ctx, request).sub) });

  app.route({
    ...route('addSubscriptionReservation'),
    handler: async (request, reply) => {
      const { customer, sub } = subscriptionOf(ctx, request);
      requireUsable(sub);
      const input = body(request);
      const type = readString(input, 'type', { required: true, oneOf: ['START_PAID_SERVICE', 'ADD_LICENSE', 'CANCEL'] }) as ReservationRecord['type'];
      const applyDate = readDate(input, 'applyDate')!;
      if (state.reservations.has(sub.subscriptionId)) throw new ApiError(ALREADY_EXIST.status, ALREADY_EXIST.code, 'this subscription already has a scheduled change (only one is allowed)');
      const kind = kindOf(sub.productId);
      const reservation: ReservationRecord = { subscriptionId: sub.subscriptionId, type, applyDate };
      const group = groupOf(sub.productId)!;
      if (type === 'START_PAID_SERVICE') {
        if (kind === 'paid') throw invalid('START_PAID_SERVICE needs a free or trial subscription');
        const plan = readString(input, 'plan', { required: true })!;
        if (!isPaidPlan(plan) || !group.plans.includes(plan)) throw invalid(`plan must be a paid plan of ${group.id}: ${group.plans.filter(isPaidPlan).join(', ')}`);
        reservation.plan = plan as ReservationRecord['plan'];
        if (kind === 'free') {
          const productId = readString(input, 'productId', { required: true, oneOf: group.paid })!;
          requireDomainFor(customer, productId);
          reservation.productId = productId as ReservationRecord['productId'];
        } else if (input.productId !== undefined) throw invalid('productId must be left out when converting a trial');
        const count = licenseCountFor(ctx, customer, plan, input);
        if (count !== null) reservation.licenseCount = count;
      } else if (type === 'ADD_LICENSE') {
        if (!isPaidPlan(sub.plan) || !isLicensePlan(sub.plan)) throw invalid(`ADD_LICENSE needs a paid license-based plan (this one is ${sub.plan})`);
        reservation.licenseCount = readInt(input, 'licenseCount', { required: true, min: 1, max: MAX_COUNT })!;
      } else if (!isPaidPlan(sub.plan)) throw invalid('CANCEL is only for paid subscriptions');
      const { from, to } = reservationWindow(sub, type);
      requireWindow('applyDate', applyDate, from, to);
      state.reservations.set(sub.subscriptionId, reservation);
      return reply.code(201).send(reservation);
    },
  });

  app.route({
    ...route('patchSubscriptionReservation'),
    handler: async (request) => {
      const { sub } = subscriptionOf(ctx, request);
      const reservation = reservationOf(sub);
      const input = body(request);
      const extra = Object.keys(input).filter((k) => k !== 'applyDate');
      if (extra.length > 0) throw invalid(`only applyDate can change; delete and re-create to change ${extra.join(', ')}`);
      const applyDate = readDate(input, 'applyDate')!;
      const { from, to } = reservationWindow(sub, reservation.type);
      requireWindow('applyDate', applyDate, from, to);
      reservation.applyDate = applyDate;
      return reservation;
    },
  });

  app.route({
    ...route('deleteSubscriptionReservation'),
    handler: async (request, reply) => {
      const { sub } = subscriptionOf(ctx, request);
      reservationOf(sub);
      state.reservations.delete(sub.subscriptionId);
      return reply.code(204).send();
    },
  });

  app.route({
    ...route('getSubscriptionRenewal'),
    handler: async (request) => {
      const { sub } = subscriptionOf(ctx, request);
      const renewal = presentRenewal(sub);
      if (!renewal) throw new ApiError(404, 'RENEWAL_NOT_EXIST', `subscription ${sub.subscriptionId} is ${sub.plan}: free and trial plans have no renewal setting`);
      return renewal;
    },
  });

  app.route({
    ...route('patchSubscriptionRenewal'),
    handler: async (request) => {
      const { sub } = subscriptionOf(ctx, request);
      requireUsable(sub);
      if (!isPaidPlan(sub.plan)) throw invalid(`the renewal setting is only for paid plans (this one is ${sub.plan})`);
      const input = body(request);
      const type = readString(input, 'type', { required: true, oneOf: ['STAY', 'CHANGE', 'CANCEL'] });
      const group = groupOf(sub.productId)!;
      if (type === 'STAY') sub.renewal = stayRenewal(sub);
      else if (type === 'CANCEL') sub.renewal = { type: 'CANCEL' };
      else {
        const productId = readString(input, 'productId', { oneOf: group.paid }) ?? sub.productId;
        const plan = readString(input, 'plan') ?? sub.plan;
        if (!isPaidPlan(plan) || !group.plans.includes(plan)) throw invalid(`plan must be a paid plan of ${group.id}: ${group.plans.filter(isPaidPlan).join(', ')}`);
        const licenseCount = readInt(input, 'licenseCount', { min: 1, max: MAX_COUNT });
        if (input.productId === undefined && input.plan === undefined && licenseCount === undefined) throw invalid('CHANGE needs productId, plan and/or licenseCount');
        if (!isLicensePlan(plan) && licenseCount !== undefined) throw invalid(`licenseCount is only for license-based plans, not ${plan}`);
        const count = isLicensePlan(plan) ? (licenseCount ?? sub.licenseCount) : null;
        if (isLicensePlan(plan) && count === null) throw invalid(`licenseCount is required to renew into ${plan}`);
        sub.renewal = { type: 'CHANGE', productId, plan, ...(count !== null && count !== undefined ? { licenseCount: count } : {}) };
      }
      return presentRenewal(sub);
    },
  });
}
