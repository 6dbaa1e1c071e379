// The option change planner: input + current state + today -> plan. Pure.
// Mechanisms (openapi.yaml option operations): immediate add / upgrade / add-quantity / cancel; scheduled tasks
// (option-product-orders: APPLY, CANCEL, START_PAID_SERVICE, MODIFY, CHANGE_QUANTITY) within their windows; the
// renewal setting (downgrade, quantity change at planEndDate + 1); or a durable timer then the immediate call.
import { findOptionCollisions, MAX_SCHEDULED_QUANTITY, MODIFIABLE, ONE_MONTH, QUANTITY_BASED, UPGRADEABLE, type OptionCollisionKind, type OptionDraftChange, type OptionState } from './option-collisions.js';
import type { ChangeOptionInput } from './option-input.js';
import { planOptionReschedule } from './option-reschedule.js';
import { addDays, firstOfNextMonth, inWindow } from '../dates.js';
import { applyProceedDespite, type Plan, type PlannedCall } from './subscription-plan-types.js';
import { isPaidPlan, type OptionProduct } from './subscription-products.js';

export type { OptionState } from './option-collisions.js';
export type OptionPlan = Plan<OptionCollisionKind>;

type Draft = Omit<OptionPlan, 'collisions' | 'blockedBy' | 'today'> & { guardChange?: Omit<OptionDraftChange, 'domainId' | 'action' | 'optionProductId'> };

const notPossible = (reason: string): Draft => ({ route: 'NOT_POSSIBLE', reason, calls: [], effects: [] });
const alreadyDone = (reason: string): Draft => ({ route: 'ALREADY_DONE', reason, calls: [], effects: [] });

function timer(wakeDate: string, reason: string): Draft {
  return {
    route: 'TIMER_THEN_IMMEDIATE',
    reason,
    wakeDate,
    effectiveDate: wakeDate,
    calls: [],
    effects: [`on ${wakeDate} the workflow re-reads the state, checks collisions again and makes the immediate call`],
    guardChange: { route: 'TIMER_THEN_IMMEDIATE', effectiveDate: wakeDate },
  };
}

function immediate(today: string, call: PlannedCall, reason: string, effects: string[] = []): Draft {
  return { route: 'IMMEDIATE', reason, effectiveDate: today, calls: [call], effects, guardChange: { route: 'IMMEDIATE', effectiveDate: today } };
}

function order(input: ChangeOptionInput, state: OptionState, body: { type: string; applyDate: string; subOptionId?: string; quantity?: number | null }, reason: string, effects: string[] = []): Draft {
  const existing = state.orders.find((o) => o.optionProductId === input.optionProductId);
  if (existing && existing.type === body.type && existing.applyDate === body.applyDate && (body.quantity === undefined || existing.quantity === body.quantity)) {
    return alreadyDone(`${input.optionProductId} already has this ${body.type} task on ${body.applyDate}`);
  }
  return {
    route: 'OPTION_ORDER',
    reason,
    effectiveDate: body.applyDate,
    calls: [
      {
        operationId: 'addOptionProductOrders',
        path: { domainId: input.domainId },
        body: { optionProductId: input.optionProductId, ...body },
        guard: { kind: 'OPTION_ORDER', optionProductId: input.optionProductId, type: body.type, applyDate: body.applyDate },
        summary: `schedule ${body.type} of ${input.optionProductId} on ${body.applyDate}`,
      },
    ],
    effects: ['one scheduled task per option family', ...effects],
    guardChange: { route: 'OPTION_ORDER', effectiveDate: body.applyDate },
  };
}

function atRenewal(input: ChangeOptionInput, state: OptionState, option: OptionProduct, body: { type: 'CHANGE' | 'STAY'; subOptionId?: string; quantity?: number }, reason: string, effects: string[] = []): Draft {
  const renewalDate = addDays(option.planEndDate, 1);
  const r = state.renewal;
  if (r && r.type === body.type && r.subOptionId === (body.subOptionId ?? r.subOptionId) && (body.quantity === undefined || r.quantity === body.quantity)) {
    return alreadyDone(`the renewal setting of ${input.optionProductId} is already ${body.type} with these values`);
  }
  return {
    route: 'AT_RENEWAL',
    reason,
    effectiveDate: renewalDate,
    calls: [
      {
        operationId: 'patchOptionProductRenewal',
        path: { domainId: input.domainId, optionProductId: input.optionProductId },
        body,
        guard: { kind: 'SET' },
        summary: `set the renewal of ${input.optionProductId} to ${body.type}${body.subOptionId ? ` ${body.subOptionId}` : ''}${body.quantity !== undefined ? ` quantity ${body.quantity}` : ''}`,
      },
    ],
    effects: [`takes effect at renewal on ${renewalDate}`, ...effects],
    guardChange: { route: 'AT_RENEWAL', effectiveDate: renewalDate, renewalBody: body },
  };
}

function resolveDate(input: ChangeOptionInput, today: string, option: OptionProduct | undefined): { date?: string; problem?: string } {
  if (input.when === 'now') return { date: today };
  if (input.when === 'renewal') {
    if (!option) return { problem: `"renewal" needs an option in use; ${input.optionProductId} is not` };
    return { date: addDays(option.planEndDate, 1) };
  }
  if (input.when < today) return { problem: `when ${input.when} is in the past (today is ${today} in the API's time zone)` };
  return { date: input.when };
}

/** CHANGE_QUANTITY tasks exist only for the 1st of next month, inside the contract and not in its last month. */
function changeQuantityDateOk(date: string, today: string, option: OptionProduct): boolean {
  return date === firstOfNextMonth(today) && date <= option.planEndDate && option.planEndDate.slice(0, 7) !== today.slice(0, 7);
}

function draftFor(input: ChangeOptionInput, state: OptionState, today: string): Draft {
  if (state.usage.status === 'SUSPENDED_WITHDRAWAL') return notPossible('the tenant is pending withdrawal; no change is possible');
  if (input.action === 'RESCHEDULE') return planOptionReschedule(input, state, today);
  const id = input.optionProductId;
  const option = state.options.find((o) => o.optionProductId === id);
  const resolved = resolveDate(input, today, option);
  if (!resolved.date) return notPossible(resolved.problem as string);
  const date = resolved.date;
  const tomorrow = addDays(today, 1);
  const quantityBased = QUANTITY_BASED.includes(id);

  if (input.action === 'ADD') {
    const sub = input.subOptionId as string;
    if (option) return option.subOptionId === sub ? alreadyDone(`${id} (${sub}) is already in use`) : notPossible(`${id} is already in use as ${option.subOptionId}; use UPGRADE (or DOWNGRADE at renewal)`);
    if (quantityBased && input.quantity === undefined) return notPossible(`${id} is quantity-based: quantity is required`);
    if (!quantityBased && input.quantity !== undefined) return notPossible(`${id} is not quantity-based: leave quantity out`);
    if (input.when === 'renewal') return notPossible('an option cannot be bought "at renewal": give "now" or a date');
    const body = { optionProductId: id, subOptionId: sub, ...(input.quantity !== undefined ? { quantity: input.quantity } : {}) };
    if (date === today) {
      return immediate(today, { operationId: 'addOptionProduct', path: { domainId: input.domainId }, body, guard: { kind: 'OPTION_PRESENT', optionProductId: id, subOptionId: sub }, summary: `buy ${id} (${sub}) now` }, 'bought now with the immediate call', [
        'any scheduled task for this option is removed',
      ]);
    }
    const max = MAX_SCHEDULED_QUANTITY[id];
    if (max !== undefined && (input.quantity ?? 0) > max) return notPossible(`a scheduled APPLY of ${id} allows at most ${max}`);
    const conversion = state.baseReservation?.type === 'START_PAID_SERVICE' ? state.baseReservation.applyDate : undefined;
    if (conversion) {
      return date === conversion
        ? order(input, state, { type: 'APPLY', applyDate: date, subOptionId: sub, quantity: input.quantity ?? null }, `the base product converts to paid on ${conversion}; the option is scheduled for the same date`)
        : notPossible(`the base product has a paid conversion scheduled on ${conversion}; a scheduled option must use that same date`);
    }
    if (!state.base || !isPaidPlan(state.base.plan) || !state.base.planEndDate) {
      return timer(date, `the base product is not paid, so no APPLY task is possible; a timer waits until ${date}, then buys immediately`);
    }
    const last = addDays(state.base.planEndDate, 1);
    if (inWindow(date, tomorrow, last)) {
      return order(input, state, { type: 'APPLY', applyDate: date, subOptionId: sub, quantity: input.quantity ?? null }, `${date} lies in the APPLY window (tomorrow to ${last})`);
    }
    return timer(date, `${date} is beyond the APPLY window (tomorrow to ${last}); a timer waits until ${date}, then buys immediately`);
  }

  if (!option) {
    if (input.action === 'CANCEL') return alreadyDone(`${id} is not in use (already cancelled or never bought)`);
    return notPossible(`${id} is not in use by this customer`);
  }
  const renewalDate = addDays(option.planEndDate, 1);
  const sub = input.subOptionId;

  switch (input.action) {
    case 'UPGRADE': {
      if (option.subOptionId === sub) return alreadyDone(`${id} already runs ${sub}`);
      if (!UPGRADEABLE.includes(id)) return notPossible(`${id} cannot be upgraded (only ${UPGRADEABLE.join(', ')})`);
      if (date === renewalDate && input.when === 'renewal') {
        return atRenewal(input, state, option, { type: 'CHANGE', subOptionId: sub }, 'the upgrade is set as a renewal CHANGE');
      }
      if (date === today) {
        return immediate(
          today,
          { operationId: 'upgradeOptionProduct', path: { domainId: input.domainId, optionProductId: id }, body: { subOptionId: sub }, guard: { kind: 'OPTION_ON_SUB_OPTION', optionProductId: id, subOptionId: sub as string }, summary: `upgrade ${id} from ${option.subOptionId} to ${sub} now` },
          'upgraded now with the immediate call',
        );
      }
      if (MODIFIABLE.includes(id) && inWindow(date, tomorrow, renewalDate)) {
        return order(input, state, { type: 'MODIFY', applyDate: date, subOptionId: sub }, `${date} lies in the MODIFY window (tomorrow to ${renewalDate})`);
      }
      return timer(date, `no scheduled upgrade of ${id} is possible on ${date}; a timer waits until then, then upgrades immediately`);
    }
    case 'DOWNGRADE': {
      if (option.subOptionId === sub) return alreadyDone(`${id} already runs ${sub}`);
      if (!MODIFIABLE.includes(id)) return notPossible(`${id} cannot be downgraded (only ${MODIFIABLE.join(', ')}, at renewal)`);
      if (date !== renewalDate) return notPossible(`a downgrade takes effect only at renewal (${renewalDate}); use when "renewal"`);
      return atRenewal(input, state, option, { type: 'CHANGE', subOptionId: sub }, 'a downgrade is only possible at renewal', [
        'if actual usage on the renewal day exceeds the smaller tier, the renewal silently falls back to STAY',
      ]);
    }
    case 'ADD_QUANTITY':
    case 'REDUCE_QUANTITY': {
      if (!quantityBased) return notPossible(`${id} is not quantity-based`);
      const before = option.quantity ?? 0;
      const target = input.action === 'ADD_QUANTITY' ? before + (input.addQuantity as number) : (input.quantity as number);
      if (input.action === 'REDUCE_QUANTITY' && target >= before) return notPossible(`quantity ${target} is not lower than the current ${before}; use ADD_QUANTITY`);
      if (input.action === 'ADD_QUANTITY' && date === today && input.expectedQuantity !== undefined) {
        const add = input.addQuantity as number;
        if (before === input.expectedQuantity + add) return alreadyDone(`${id} already has quantity ${before} (${input.expectedQuantity} expected before + ${add})`);
        if (before !== input.expectedQuantity) {
          return notPossible(`${id} has quantity ${before}; the request expected ${input.expectedQuantity} before adding ${add} (or ${input.expectedQuantity + add} once added)`);
        }
      }
      if (input.action === 'ADD_QUANTITY' && date === today) {
        return immediate(
          today,
          {
            operationId: 'addOptionProductQuantity',
            path: { domainId: input.domainId, optionProductId: id },
            body: { quantity: input.addQuantity },
            guard: { kind: 'OPTION_QUANTITY', optionProductId: id, before, target },
            summary: `add ${input.addQuantity} to ${id} now (${before} -> ${target})`,
          },
          'added now with the immediate add-quantity call',
        );
      }
      if (date === renewalDate && !ONE_MONTH.includes(id)) {
        return atRenewal(input, state, option, { type: 'CHANGE', subOptionId: option.subOptionId, quantity: target }, `${date} is the option's renewal date: the quantity is set as a renewal CHANGE`);
      }
      if (changeQuantityDateOk(date, today, option)) {
        return order(input, state, { type: 'CHANGE_QUANTITY', applyDate: date, subOptionId: option.subOptionId, quantity: target }, `${date} is the 1st of next month, the only date a CHANGE_QUANTITY task allows`);
      }
      if (input.action === 'REDUCE_QUANTITY') {
        return notPossible(`a quantity reduction takes effect only on the 1st of next month (${firstOfNextMonth(today)}, not in the contract's last month) or at renewal (${renewalDate})`);
      }
      return timer(date, `no scheduled quantity change is possible on ${date}; a timer waits until then, then adds immediately`);
    }
    case 'CANCEL': {
      if (date === today) {
        return immediate(today, { operationId: 'cancelOptionProduct', path: { domainId: input.domainId, optionProductId: id }, guard: { kind: 'GONE' }, summary: `cancel ${id} now` }, 'cancelled now with the immediate call');
      }
      if (inWindow(date, tomorrow, renewalDate)) {
        return order(input, state, { type: 'CANCEL', applyDate: date, subOptionId: option.subOptionId }, `${date} lies in the CANCEL window (tomorrow to ${renewalDate}); options have no renewal CANCEL, so a CANCEL task is used`);
      }
      return timer(date, `${date} is beyond the CANCEL window (tomorrow to ${renewalDate}); a timer waits until then, then cancels immediately`);
    }
    case 'CONVERT_TO_PAID': {
      if (option.plan !== 'TRIAL') return alreadyDone(`${id} is already paid (${option.plan})`);
      if (date === today) return notPossible(`there is no immediate paid conversion for options; the earliest is a START_PAID_SERVICE task tomorrow (${tomorrow})`);
      const conversion = state.baseReservation?.type === 'START_PAID_SERVICE' ? state.baseReservation.applyDate : undefined;
      const last = conversion ?? renewalDate;
      if (!inWindow(date, tomorrow, last)) return notPossible(`a trial option can be converted from tomorrow to ${last}`);
      return order(input, state, { type: 'START_PAID_SERVICE', applyDate: date, subOptionId: sub ?? option.subOptionId }, `${date} lies in the START_PAID_SERVICE window (tomorrow to ${last})`);
    }
  }
  return notPossible(`unknown action ${String(input.action)}`);
}

export function planOptionChange(input: ChangeOptionInput, state: OptionState, today: string): OptionPlan {
  const { guardChange, ...draft } = draftFor(input, state, today);
  const collisions = guardChange ? findOptionCollisions({ ...guardChange, action: input.action, domainId: input.domainId, optionProductId: input.optionProductId }, state) : [];
  return applyProceedDespite({ ...draft, today, collisions, blockedBy: [] }, input.proceedDespite ?? []);
}
