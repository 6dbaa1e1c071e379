// The planning reads an option change skips (domain/subscriptions/option-reads.ts) never change its plan: every
// action and timing mode is planned on states with pending items (tasks, renewal settings, a base set to end or to
// convert) and on the same states with the skipped reads left empty, and the plans must be identical.
import { planOptionChange, type OptionState } from '../../domain/subscriptions/option-plan.js';
import { OPTION_ACTIONS, type ChangeOptionInput } from '../../domain/subscriptions/option-input.js';
import { optionReadsFor } from '../../domain/subscriptions/option-reads.js';
import type { OptionProduct } from '../../domain/subscriptions/subscription-products.js';
import { DOMAIN_ID, paidStd, TODAY } from './fixtures.js';

const storage = { subscriptionId: 5001, optionProductId: 'SSTG2', subOptionId: 'SSTG202', quantity: null, plan: 'ANNUAL_LICENSE', planStartDate: '2025-06-01', planEndDate: '2026-05-31' } as unknown as OptionProduct;
const cxTalk = { ...storage, subscriptionId: 5002, optionProductId: 'CST_S', subOptionId: 'CST_S01', quantity: 3, plan: 'MONTHLY', planEndDate: '2026-08-31' } as OptionProduct;
const trial = { ...storage, subscriptionId: 5003, optionProductId: 'ACV2', subOptionId: 'ACV201', plan: 'TRIAL', planEndDate: '2026-03-31' } as OptionProduct;

const RENEWALS = [null, { type: 'STAY' }, { type: 'CHANGE', subOptionId: 'SSTG201', quantity: null }, { type: 'CHANGE', subOptionId: 'CST_S01', quantity: 1 }] as Array<OptionState['renewal']>;
const BASE_RESERVATIONS = [null, { subscriptionId: 1021, type: 'CANCEL', applyDate: '2026-04-01' }, { subscriptionId: 1021, type: 'START_PAID_SERVICE', applyDate: '2026-03-20' }] as Array<OptionState['baseReservation']>;
const ORDERS = [[], [{ optionProductId: 'SSTG2', type: 'MODIFY', applyDate: '2026-04-01', subOptionId: 'SSTG203' }], [{ optionProductId: 'CST_S', type: 'CHANGE_QUANTITY', applyDate: '2026-04-01', quantity: 5 }]] as Array<OptionState['orders']>;

function fullStates(): OptionState[] {
  const states: OptionState[] = [];
  for (const renewal of RENEWALS) {
    for (const baseReservation of BASE_RESERVATIONS) {
      for (const orders of ORDERS) {
        for (const withdrawalDate of [null, '2026-04-15']) {
          states.push({
            options: [storage, cxTalk, trial],
            orders,
            renewal,
            base: paidStd,
            baseReservation,
            baseRenewal: paidStd.renewal ?? null,
            usage: { domainId: DOMAIN_ID, status: 'ACTIVE', memberCount: 8, maxMemberCount: null, withdrawalDate },
          });
        }
      }
    }
  }
  return states;
}

const WHENS = ['now', 'renewal', '2026-03-11', '2026-04-01', '2026-06-01', '2026-09-01'];
const BY_ACTION: Record<string, Array<Partial<ChangeOptionInput>>> = {
  ADD: [{ optionProductId: 'BCT', subOptionId: 'BCT01' }, { optionProductId: 'SSTG2', subOptionId: 'SSTG202' }],
  UPGRADE: [{ optionProductId: 'SSTG2', subOptionId: 'SSTG203' }],
  DOWNGRADE: [{ optionProductId: 'SSTG2', subOptionId: 'SSTG201' }],
  ADD_QUANTITY: [{ optionProductId: 'CST_S', addQuantity: 2 }],
  REDUCE_QUANTITY: [{ optionProductId: 'CST_S', quantity: 1 }],
  CANCEL: [{ optionProductId: 'SSTG2' }, { optionProductId: 'CST_S' }],
  CONVERT_TO_PAID: [{ optionProductId: 'ACV2' }],
  RESCHEDULE: [{ optionProductId: 'SSTG2' }],
};

function pruned(state: OptionState, input: ChangeOptionInput): OptionState {
  const reads = optionReadsFor(input);
  return { ...state, renewal: reads.renewal ? state.renewal : null, baseReservation: reads.baseReservation ? state.baseReservation : null };
}

test('every option action and timing mode plans the same on the pruned reads as on all of them', () => {
  let compared = 0;
  for (const state of fullStates()) {
    for (const action of OPTION_ACTIONS) {
      for (const fields of BY_ACTION[action]!) {
        for (const when of WHENS) {
          for (const proceedDespite of [undefined, ['OPTION_ORDER_SLOT_TAKEN', 'CANCELLATION_PENALTY']]) {
            const input = { domainId: DOMAIN_ID, requestId: 'r', action, when, ...fields, ...(proceedDespite ? { proceedDespite } : {}) } as ChangeOptionInput;
            expect({ input, plan: planOptionChange(input, pruned(state, input), TODAY) }).toEqual({ input, plan: planOptionChange(input, state, TODAY) });
            compared++;
          }
        }
      }
    }
  }
  expect(compared).toBeGreaterThan(1000);
});

test('the reads skipped: an immediate quantity add or upgrade reads no renewal setting; a cancel neither that nor the base reservation', () => {
  expect(optionReadsFor({ action: 'ADD_QUANTITY', when: 'now' })).toEqual({ renewal: false, baseReservation: true });
  expect(optionReadsFor({ action: 'UPGRADE', when: 'now' })).toEqual({ renewal: false, baseReservation: true });
  expect(optionReadsFor({ action: 'CANCEL', when: '2026-04-01' })).toEqual({ renewal: false, baseReservation: false });
  expect(optionReadsFor({ action: 'REDUCE_QUANTITY', when: '2026-06-01' })).toEqual({ renewal: true, baseReservation: true });
  expect(optionReadsFor({ action: 'DOWNGRADE', when: 'renewal' })).toEqual({ renewal: true, baseReservation: true });
});
