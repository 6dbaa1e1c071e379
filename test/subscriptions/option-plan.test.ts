// The pure option planner: immediate calls, scheduled tasks and their windows, renewal settings, timers, collisions.
import type { OptionState } from '../../domain/subscriptions/option-plan.js';
import { planOptionChange } from '../../domain/subscriptions/option-plan.js';
import { parseChangeOptionInput, type ChangeOptionInput } from '../../domain/subscriptions/option-input.js';
import type { OptionProduct } from '../../domain/subscriptions/subscription-products.js';
import { DOMAIN_ID, paidStd, TODAY } from './fixtures.js';

const storage: OptionProduct = {
  subscriptionId: 5001,
  optionProductId: 'SSTG2',
  subOptionId: 'SSTG201',
  appliedTime: '2025-06-01T00:00:00.000Z',
  quantity: null,
  plan: 'ANNUAL_LICENSE',
  planStartDate: '2025-06-01',
  planEndDate: '2026-05-31',
};
const cxTalk: OptionProduct = { ...storage, subscriptionId: 5002, optionProductId: 'CST_S', subOptionId: 'CST_S01', quantity: 3, plan: 'MONTHLY', planEndDate: '2026-08-31' };

function state(extra: Partial<OptionState> = {}): OptionState {
  return {
    options: [storage, cxTalk],
    orders: [],
    renewal: null,
    base: paidStd,
    baseReservation: null,
    baseRenewal: paidStd.renewal ?? null,
    usage: { domainId: DOMAIN_ID, status: 'ACTIVE', memberCount: 8, maxMemberCount: null, withdrawalDate: null },
    ...extra,
  };
}

function input(fields: Partial<ChangeOptionInput>): ChangeOptionInput {
  return { domainId: DOMAIN_ID, requestId: 'opt-1', action: 'ADD', when: 'now', optionProductId: 'ACV2', ...fields } as ChangeOptionInput;
}

test('ADD now: the immediate buy, create-once; a pending task for it is a collision (buying removes it)', () => {
  const plan = planOptionChange(input({ subOptionId: 'ACV201' }), state(), TODAY);
  expect(plan.route).toBe('IMMEDIATE');
  expect(plan.calls[0]).toMatchObject({ operationId: 'addOptionProduct', body: { optionProductId: 'ACV2', subOptionId: 'ACV201' }, guard: { kind: 'OPTION_PRESENT' } });
  const pending = { subscriptionId: 1021, optionProductId: 'ACV2' as const, subOptionId: 'ACV201', type: 'APPLY' as const, quantity: null, applyDate: '2026-04-01' };
  expect(planOptionChange(input({ subOptionId: 'ACV201' }), state({ orders: [pending] }), TODAY).blockedBy.map((c) => c.kind)).toEqual(['OPTION_ORDER_DELETED']);
});

test('ADD on a date within the base contract: an APPLY task; beyond planEndDate + 1: a timer', () => {
  const plan = planOptionChange(input({ subOptionId: 'ACV201', when: '2026-06-01' }), state(), TODAY);
  expect(plan.route).toBe('OPTION_ORDER');
  expect(plan.calls[0]?.body).toEqual({ optionProductId: 'ACV2', type: 'APPLY', applyDate: '2026-06-01', subOptionId: 'ACV201', quantity: null });
  expect(planOptionChange(input({ subOptionId: 'ACV201', when: '2026-06-02' }), state(), TODAY).route).toBe('TIMER_THEN_IMMEDIATE');
});

test('ADD with a base paid conversion scheduled: only on that same date', () => {
  const baseReservation = { subscriptionId: 1021, type: 'START_PAID_SERVICE' as const, applyDate: '2026-03-20', plan: 'MONTHLY' as const };
  expect(planOptionChange(input({ subOptionId: 'ACV201', when: '2026-03-20' }), state({ baseReservation }), TODAY).route).toBe('OPTION_ORDER');
  expect(planOptionChange(input({ subOptionId: 'ACV201', when: '2026-03-21' }), state({ baseReservation }), TODAY).reason).toContain('must use that same date');
});

test('ADD_QUANTITY now: the additive call guarded by before/target quantity', () => {
  const plan = planOptionChange(input({ action: 'ADD_QUANTITY', optionProductId: 'CST_S', addQuantity: 2 }), state(), TODAY);
  expect(plan.calls[0]).toMatchObject({ operationId: 'addOptionProductQuantity', body: { quantity: 2 }, guard: { kind: 'OPTION_QUANTITY', optionProductId: 'CST_S', before: 3, target: 5 } });
});

test('ADD_QUANTITY now with the quantity the requester saw: a resend is done; another quantity stops the change', () => {
  const add = { action: 'ADD_QUANTITY' as const, optionProductId: 'CST_S', addQuantity: 2 };
  expect(planOptionChange(input({ ...add, expectedQuantity: 3 }), state(), TODAY).route).toBe('IMMEDIATE');
  expect(planOptionChange(input({ ...add, expectedQuantity: 1 }), state(), TODAY)).toMatchObject({ route: 'ALREADY_DONE', calls: [] });
  const moved = planOptionChange(input({ ...add, expectedQuantity: 2 }), state(), TODAY);
  expect(moved).toMatchObject({ route: 'NOT_POSSIBLE', calls: [] });
  expect(moved.reason).toContain('expected 2 before adding 2');
});

test('quantity changes on the 1st of next month: a CHANGE_QUANTITY task with the new total; at renewal: a renewal CHANGE', () => {
  const firstOfNext = planOptionChange(input({ action: 'REDUCE_QUANTITY', optionProductId: 'CST_S', quantity: 1, when: '2026-04-01' }), state(), TODAY);
  expect(firstOfNext.route).toBe('OPTION_ORDER');
  expect(firstOfNext.calls[0]?.body).toMatchObject({ type: 'CHANGE_QUANTITY', applyDate: '2026-04-01', quantity: 1 });
  const atRenewal = planOptionChange(input({ action: 'REDUCE_QUANTITY', optionProductId: 'CST_S', quantity: 1, when: 'renewal' }), state(), TODAY);
  expect(atRenewal.route).toBe('AT_RENEWAL');
  expect(atRenewal.calls[0]).toMatchObject({ operationId: 'patchOptionProductRenewal', body: { type: 'CHANGE', subOptionId: 'CST_S01', quantity: 1 } });
  const now = planOptionChange(input({ action: 'REDUCE_QUANTITY', optionProductId: 'CST_S', quantity: 1 }), state(), TODAY);
  expect(now.route).toBe('NOT_POSSIBLE');
  expect(now.reason).toContain('1st of next month (2026-04-01');
});

test('UPGRADE: now immediate; a date: MODIFY task for storage; DOWNGRADE only at renewal with the fallback warning', () => {
  expect(planOptionChange(input({ action: 'UPGRADE', optionProductId: 'SSTG2', subOptionId: 'SSTG202' }), state(), TODAY).calls[0]?.operationId).toBe('upgradeOptionProduct');
  const modify = planOptionChange(input({ action: 'UPGRADE', optionProductId: 'SSTG2', subOptionId: 'SSTG202', when: '2026-04-15' }), state(), TODAY);
  expect(modify.calls[0]?.body).toMatchObject({ type: 'MODIFY', subOptionId: 'SSTG202' });
  const big = { ...storage, subOptionId: 'SSTG203' };
  const down = planOptionChange(input({ action: 'DOWNGRADE', optionProductId: 'SSTG2', subOptionId: 'SSTG201', when: 'renewal' }), state({ options: [big] }), TODAY);
  expect(down.route).toBe('AT_RENEWAL');
  expect(down.effects.join(' ')).toContain('falls back to STAY');
  expect(planOptionChange(input({ action: 'DOWNGRADE', optionProductId: 'SSTG2', subOptionId: 'SSTG201' }), state({ options: [big] }), TODAY).route).toBe('NOT_POSSIBLE');
});

test('CANCEL: now needs consent for the annual penalty; a date is a CANCEL task; "renewal" is a task on planEndDate + 1', () => {
  const now = planOptionChange(input({ action: 'CANCEL', optionProductId: 'SSTG2' }), state(), TODAY);
  expect(now.blockedBy.map((c) => c.kind)).toEqual(['CANCELLATION_PENALTY']);
  const renewal = planOptionChange(input({ action: 'CANCEL', optionProductId: 'SSTG2', when: 'renewal' }), state(), TODAY);
  expect(renewal.calls[0]?.body).toMatchObject({ type: 'CANCEL', applyDate: '2026-06-01' });
  expect(planOptionChange(input({ action: 'CANCEL', optionProductId: 'ACV3' }), state(), TODAY).route).toBe('ALREADY_DONE');
});

test('one task per option: a pending one is a collision; proceeding deletes it first', () => {
  const pending = { subscriptionId: 1021, optionProductId: 'SSTG2' as const, subOptionId: 'SSTG201', type: 'CANCEL' as const, quantity: null, applyDate: '2026-06-01' };
  const input1 = input({ action: 'UPGRADE', optionProductId: 'SSTG2', subOptionId: 'SSTG202', when: '2026-04-15' });
  expect(planOptionChange(input1, state({ orders: [pending] }), TODAY).blockedBy.map((c) => c.kind)).toEqual(['OPTION_ORDER_SLOT_TAKEN']);
  const accepted = planOptionChange({ ...input1, proceedDespite: ['OPTION_ORDER_SLOT_TAKEN'] }, state({ orders: [pending] }), TODAY);
  expect(accepted.calls.map((c) => c.operationId)).toEqual(['deleteOptionProductOrder', 'addOptionProductOrders']);
});

test('a base subscription set to end is a collision for option changes', () => {
  const baseReservation = { subscriptionId: 1021, type: 'CANCEL' as const, applyDate: '2026-06-01' };
  expect(planOptionChange(input({ subOptionId: 'ACV201' }), state({ baseReservation }), TODAY).blockedBy.map((c) => c.kind)).toEqual(['BASE_SCHEDULED_TO_END']);
});

test('CONVERT_TO_PAID of a trial option: a START_PAID_SERVICE task; now is not possible (no immediate call exists)', () => {
  const trial = { ...storage, optionProductId: 'ACV2' as const, subOptionId: 'ACV200', plan: 'TRIAL' as const, planEndDate: '2026-03-31' };
  const plan = planOptionChange(input({ action: 'CONVERT_TO_PAID', subOptionId: 'ACV201', when: '2026-03-15' }), state({ options: [trial] }), TODAY);
  expect(plan.calls[0]?.body).toMatchObject({ type: 'START_PAID_SERVICE', subOptionId: 'ACV201', applyDate: '2026-03-15' });
  expect(planOptionChange(input({ action: 'CONVERT_TO_PAID' }), state({ options: [trial] }), TODAY).reason).toContain('earliest is a START_PAID_SERVICE task tomorrow (2026-03-11)');
});

test('input validation names each field at fault', () => {
  expect(() => parseChangeOptionInput({ domainId: 1, requestId: 'r', action: 'ADD', when: 'now' })).toThrow(/optionProductId is required.*subOptionId is required for action ADD/);
  expect(parseChangeOptionInput({ domainId: 1, requestId: 'r', action: 'CANCEL', when: 'renewal', optionProductId: 'SSTG2' })).toMatchObject({ action: 'CANCEL', timeZone: 'Asia/Tokyo' });
});
