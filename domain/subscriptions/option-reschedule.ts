// The RESCHEDULE action of changeOption: move the date of the option family's scheduled task
// (patchOptionProductOrder). The new date must lie in the window of the task's type (openapi.yaml
// patchOptionProductOrder: the same windows as on creation). Pure.
import { addDays, firstOfNextMonth, inWindow } from '../dates.js';
import type { OptionDraftChange, OptionState } from './option-collisions.js';
import type { ChangeOptionInput } from './option-input.js';
import { PRE_ORDER_MAX_DAYS } from './reschedule-input.js';
import { moveDateCall } from './subscription-reschedule.js';
import type { Plan, ScheduledItem } from './subscription-plan-types.js';
import { isPaidPlan, isTrialPlan, type OptionProductOrder } from './subscription-products.js';

/** An APPLY task with a free base plan converting to paid: "tomorrow to +60 days". */
const FREE_CONVERSION_MAX_DAYS = 60;

export type OptionRescheduleDraft = Omit<Plan, 'collisions' | 'blockedBy' | 'today'> & { guardChange?: Omit<OptionDraftChange, 'domainId' | 'action' | 'optionProductId'> };

const notPossible = (reason: string): OptionRescheduleDraft => ({ route: 'NOT_POSSIBLE', reason, calls: [], effects: [] });

type Window = { from: string; to: string; rule: string } | { only: string; rule: string } | { refused: string };

/** Where `task` may move to, by its type (openapi.yaml patchOptionProductOrder description). */
function windowOf(task: OptionProductOrder, state: OptionState, today: string): Window {
  const tomorrow = addDays(today, 1);
  const base = state.base;
  const conversion = state.baseReservation?.type === 'START_PAID_SERVICE' ? state.baseReservation.applyDate : undefined;
  const sameAsConversion = { only: conversion as string, rule: `the base product's paid conversion date` };
  const option = state.options.find((o) => o.optionProductId === task.optionProductId);
  switch (task.type) {
    case 'APPLY':
      if (!base) return { from: tomorrow, to: addDays(today, PRE_ORDER_MAX_DAYS), rule: "the base pre-order's date (the API checks it is the same day)" };
      if (conversion) return { from: tomorrow, to: isTrialPlan(base.plan) ? (base.planEndDate ?? tomorrow) : addDays(today, FREE_CONVERSION_MAX_DAYS), rule: 'the APPLY window with a base paid conversion' };
      if (isPaidPlan(base.plan) && base.planEndDate) return { from: tomorrow, to: addDays(base.planEndDate, 1), rule: 'the APPLY window (tomorrow to the day after the base contract ends)' };
      return { from: tomorrow, to: base.planEndDate ?? addDays(today, FREE_CONVERSION_MAX_DAYS), rule: 'the APPLY window of a free or trial base' };
    case 'CANCEL':
    case 'START_PAID_SERVICE':
      if (conversion) return sameAsConversion;
      if (!option) return { refused: `${task.optionProductId} is not in use, so its ${task.type} task cannot move` };
      return { from: tomorrow, to: addDays(option.planEndDate, 1), rule: `the ${task.type} window (tomorrow to the day after the option's contract ends)` };
    case 'MODIFY':
      if (!option) return { refused: `${task.optionProductId} is not in use, so its MODIFY task cannot move` };
      return { from: tomorrow, to: addDays(option.planEndDate, 1), rule: "the MODIFY window (tomorrow to the day after the option's contract ends)" };
    case 'CHANGE_QUANTITY':
      return { only: firstOfNextMonth(today), rule: 'the only date a CHANGE_QUANTITY task allows (the 1st of next month)' };
    default:
      return { refused: `a ${String(task.type)} task has no documented window` };
  }
}

/** Plans a RESCHEDULE of the option family's scheduled task to `when`. */
export function planOptionReschedule(input: ChangeOptionInput, state: OptionState, today: string): OptionRescheduleDraft {
  const id = input.optionProductId;
  const date = input.when;
  if (date === 'now' || date === 'renewal') return notPossible('RESCHEDULE needs the new date in when (YYYY-MM-DD)');
  const task = state.orders.find((o) => o.optionProductId === id);
  if (!task) return notPossible(`${id} has no scheduled task; nothing to reschedule`);
  const what = `the ${task.type} task of ${id}`;
  if (task.applyDate === date) return { route: 'ALREADY_DONE', reason: `${what} is already on ${date}`, calls: [], effects: [] };
  if (date <= today) return notPossible(`when ${date} is not after today (${today} in the API's time zone): a task moves to tomorrow at the earliest`);
  const window = windowOf(task, state, today);
  if ('refused' in window) return notPossible(window.refused);
  const inside = 'only' in window ? date === window.only : inWindow(date, window.from, window.to);
  if (!inside) {
    const allowed = 'only' in window ? `only ${window.only}` : `${window.from} to ${window.to}`;
    return notPossible(`when ${date} is outside ${window.rule}: ${allowed}; nothing was changed`);
  }
  const item: ScheduledItem = { of: 'OPTION_ORDER', optionProductId: id, type: task.type };
  return {
    route: 'OPTION_ORDER',
    reason: `${date} lies in ${window.rule}: the task's date is moved`,
    effectiveDate: date,
    calls: [moveDateCall('patchOptionProductOrder', { domainId: input.domainId, optionProductId: id }, item, task.applyDate, date, what)],
    effects: ['only the date changes (type, sub-option and quantity stay)'],
    guardChange: { route: 'OPTION_ORDER', effectiveDate: date },
  };
}
