// The planning reads a subscription change skips (domain/subscriptions/subscription-reads.ts) never change its plan:
// every action and timing mode is planned on states full of pending items (a reservation of each type, same-group
// pre-orders, options of every kind, renewal settings, a scheduled withdrawal) and on the same states with the
// skipped reads left empty, and the two plans must be identical.
import { planSubscriptionChange, type SubscriptionState } from '../../domain/subscriptions/subscription-plan.js';
import { subscriptionReadsFor } from '../../domain/subscriptions/subscription-reads.js';
import { SUBSCRIPTION_ACTIONS, type ChangeSubscriptionInput } from '../../domain/subscriptions/subscription-input.js';
import type { Subscription } from '../../domain/subscriptions/subscription-products.js';
import { change, DOMAIN_ID, freeWorks, paidStd, stateWith, TODAY, trialStd } from './fixtures.js';

const RESERVATIONS = [
  { subscriptionId: 1021, type: 'ADD_LICENSE', applyDate: '2026-04-01', licenseCount: 3 },
  { subscriptionId: 1021, type: 'CANCEL', applyDate: '2026-05-01' },
  { subscriptionId: 1021, type: 'START_PAID_SERVICE', applyDate: '2026-03-20', plan: 'ANNUAL_LICENSE', licenseCount: 10 },
] as unknown as Array<NonNullable<SubscriptionState['reservation']>>;

const PRE_ORDERS = [{ preOrderId: 7, productId: 'ADV', plan: 'ANNUAL_LICENSE', licenseCount: 10, applyDate: '2026-03-20' }] as unknown as SubscriptionState['preOrders'];
const OPTIONS = [
  { optionProductId: 'STORAGE', subOptionId: 'SSTG1', plan: 'ANNUAL', planStartDate: '2025-06-01', planEndDate: '2026-05-31', status: 'ACTIVE' },
  { optionProductId: 'DRIVE', subOptionId: 'DRV_STD', plan: 'ANNUAL', planStartDate: '2025-06-01', planEndDate: '2026-05-31', status: 'ACTIVE' },
] as unknown as SubscriptionState['optionProducts'];
const RENEWALS = [paidStd.renewal, { subscriptionId: 1021, type: 'CANCEL' }, { subscriptionId: 1021, type: 'CHANGE', productId: 'ADV', plan: 'ANNUAL_LICENSE', licenseCount: 12 }] as Array<SubscriptionState['renewal']>;

/** Every kind of pending item, alone and together, on each kind of subscription. */
function fullStates(): SubscriptionState[] {
  const states: SubscriptionState[] = [];
  for (const sub of [paidStd, trialStd, freeWorks] as Subscription[]) {
    for (const reservation of [null, ...RESERVATIONS]) {
      for (const renewal of sub === paidStd ? RENEWALS : [null]) {
        const r = reservation ? { ...reservation, subscriptionId: sub.subscriptionId } : null;
        states.push(stateWith(sub, { reservation: r, renewal, preOrders: PRE_ORDERS, optionProducts: OPTIONS }));
        states.push(stateWith(sub, { reservation: r, renewal, preOrders: PRE_ORDERS, optionProducts: OPTIONS, usage: { domainId: DOMAIN_ID, status: 'ACTIVE', memberCount: 12, maxMemberCount: null, withdrawalDate: '2026-04-15' } }));
      }
    }
  }
  states.push(stateWith(undefined, { preOrders: PRE_ORDERS, optionProducts: OPTIONS }));
  return states;
}

const WHENS = ['now', 'renewal', '2026-03-11', '2026-03-20', '2026-04-01', '2026-05-31', '2026-06-01', '2026-09-01'];

/** Requests of every action, with the fields each needs, for each kind of subscription. */
function requests(subscriptionId: number): ChangeSubscriptionInput[] {
  const byAction: Record<string, Array<Partial<ChangeSubscriptionInput>>> = {
    ADD_SUBSCRIPTION: [{ productId: 'ADV', plan: 'ANNUAL_LICENSE', licenseCount: 10 }, { productId: 'STD', plan: 'FREE' }],
    CONVERT_TO_PAID: [{ subscriptionId, plan: 'ANNUAL_LICENSE', licenseCount: 10 }, { subscriptionId, productId: 'STD', plan: 'MONTHLY_LICENSE', licenseCount: 10 }],
    UPGRADE: [{ subscriptionId, productId: 'ADV' }],
    DOWNGRADE: [{ subscriptionId, productId: 'BSC' }],
    CHANGE_PLAN: [{ subscriptionId, plan: 'MONTHLY_LICENSE', licenseCount: 10 }],
    ADD_LICENSES: [{ subscriptionId, addLicenses: 5 }],
    REDUCE_LICENSES: [{ subscriptionId, licenseCount: 8 }],
    CANCEL: [{ subscriptionId }],
    KEEP_AT_RENEWAL: [{ subscriptionId }],
    RESCHEDULE: [{ subscriptionId }, { productId: 'ADV' }],
  };
  return SUBSCRIPTION_ACTIONS.flatMap((action) => byAction[action]!.flatMap((fields) => WHENS.map((when) => change({ action, when, ...fields }))));
}

/** The state as the activity returns it when only `reads` are read: the rest left empty. */
function pruned(state: SubscriptionState, input: ChangeSubscriptionInput): SubscriptionState {
  const reads = subscriptionReadsFor(input);
  return {
    ...state,
    preOrders: reads.preOrders ? state.preOrders : [],
    reservation: reads.reservation ? state.reservation : null,
    optionProducts: reads.optionProducts ? state.optionProducts : [],
  };
}

test('every action and timing mode plans the same on the pruned reads as on all of them', () => {
  let compared = 0;
  for (const state of fullStates()) {
    const subscriptionId = state.subscriptions[0]?.subscriptionId ?? 1021;
    for (const input of requests(subscriptionId)) {
      for (const proceedDespite of [undefined, ['RESERVATION_SLOT_TAKEN', 'PAID_CONVERSION_SCHEDULED', 'PRE_ORDER_PENDING']]) {
        const request = proceedDespite ? { ...input, proceedDespite } : input;
        const full = planSubscriptionChange(request as ChangeSubscriptionInput, state, TODAY);
        expect({ request, plan: planSubscriptionChange(request as ChangeSubscriptionInput, pruned(state, request as ChangeSubscriptionInput), TODAY) }).toEqual({ request, plan: full });
        compared++;
      }
    }
  }
  expect(compared).toBeGreaterThan(1000);
});

test('the reads skipped per action: renewal-only actions read neither the reservation nor pre-orders; only a cancel or an upgrade reads options', () => {
  expect(subscriptionReadsFor({ action: 'ADD_LICENSES', when: 'now' })).toEqual({ preOrders: false, reservation: true, optionProducts: false });
  expect(subscriptionReadsFor({ action: 'REDUCE_LICENSES', when: 'renewal' })).toEqual({ preOrders: false, reservation: false, optionProducts: false });
  expect(subscriptionReadsFor({ action: 'CANCEL', when: 'renewal' })).toEqual({ preOrders: false, reservation: false, optionProducts: true });
  expect(subscriptionReadsFor({ action: 'ADD_SUBSCRIPTION', when: '2026-04-01' })).toEqual({ preOrders: true, reservation: false, optionProducts: false });
  expect(subscriptionReadsFor({ action: 'RESCHEDULE', when: '2026-04-01' })).toEqual({ preOrders: true, reservation: true, optionProducts: true });
});
