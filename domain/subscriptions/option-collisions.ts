// The option catalogue facts the planner needs (openapi.yaml OptionProductId x-option-product-catalog) and the
// collision guard for option changes. Pure.
import type { Collision, PlannedCall } from './subscription-plan-types.js';
import type {
  OptionProduct,
  OptionProductOrder,
  OptionProductRenewal,
  Subscription,
  SubscriptionRenewal,
  SubscriptionReservation,
  UsageStatus,
} from './subscription-products.js';

export const QUANTITY_BASED = ['CST_S', 'CST_M', 'CST_L', 'QTA_O1', 'QTA_O2', 'QTA_M1', 'QTA_M2', 'JP_PPO_O', 'JP_PPO_M', 'JP_AIS_O', 'JP_AIS_M'];
/** Immediate upgrade (upgradeOptionProduct): Drive, additional storage, address book. */
export const UPGRADEABLE = ['DRV', 'SSTG2', 'BCT'];
/** Scheduled upgrade (MODIFY) and downgrade at renewal. */
export const MODIFIABLE = ['SSTG2', 'BCT'];
/** One-month add-ons: no renewal change, no cancellation penalty. */
export const ONE_MONTH = ['QTA_O1', 'QTA_O2', 'JP_PPO_O', 'JP_AIS_O'];
/** Documented maxima for a scheduled APPLY. */
export const MAX_SCHEDULED_QUANTITY: Record<string, number> = {
  CST_S: 50,
  CST_M: 50,
  CST_L: 50,
  QTA_O1: 999,
  QTA_O2: 999,
  QTA_M1: 999,
  QTA_M2: 999,
  JP_PPO_O: 10,
  JP_PPO_M: 20,
  JP_AIS_O: 999,
  JP_AIS_M: 999,
};

export const OPTION_COLLISION_KINDS = [
  /** Buying an option now removes any scheduled task for that option. */
  'OPTION_ORDER_DELETED',
  /** One scheduled task per option family: another one is pending (proceeding deletes it first). */
  'OPTION_ORDER_SLOT_TAKEN',
  /** The base subscription is set to end (its CANCEL takes options with it). */
  'BASE_SCHEDULED_TO_END',
  /** The tenant is scheduled to be deleted on or before the change takes effect. */
  'TENANT_WITHDRAWAL_SCHEDULED',
  /** A renewal setting other than STAY is in place for the option and would be replaced. */
  'RENEWAL_SETTING_REPLACED',
  /** Cancelling an annual option now is billed a penalty, and it can be bought again only from next month. */
  'CANCELLATION_PENALTY',
] as const;
export type OptionCollisionKind = (typeof OPTION_COLLISION_KINDS)[number];

export interface OptionState {
  options: OptionProduct[];
  orders: OptionProductOrder[];
  /** Renewal setting of the target option family; null when none or not readable. */
  renewal: OptionProductRenewal | null;
  /** The base subscription of the option's product group, if the customer has one. */
  base: Subscription | null;
  baseReservation: SubscriptionReservation | null;
  baseRenewal: SubscriptionRenewal | null;
  usage: UsageStatus;
  /**
   * When the activity began these reads (the worker's clock, ms): the first write may take them as current only while
   * they are recent (activities/subscriptions.ts PLAN_READ_SHARED_FOR_MS). Absent in results recorded before: then it reads.
   */
  readAtMs?: number;
}

export interface OptionDraftChange {
  action: string;
  route: 'IMMEDIATE' | 'OPTION_ORDER' | 'AT_RENEWAL' | 'TIMER_THEN_IMMEDIATE';
  domainId: number;
  optionProductId: string;
  effectiveDate: string;
  renewalBody?: { type: string; subOptionId?: string; quantity?: number };
}

function deleteOrderCall(domainId: number, order: OptionProductOrder): PlannedCall {
  return {
    operationId: 'deleteOptionProductOrder',
    path: { domainId, optionProductId: order.optionProductId },
    guard: { kind: 'GONE' },
    summary: `delete the pending ${order.type} task of ${order.optionProductId} on ${order.applyDate}`,
  };
}

export function findOptionCollisions(change: OptionDraftChange, state: OptionState): Collision<OptionCollisionKind>[] {
  const found: Collision<OptionCollisionKind>[] = [];
  const order = state.orders.find((o) => o.optionProductId === change.optionProductId);
  if (state.usage.withdrawalDate && change.effectiveDate >= state.usage.withdrawalDate) {
    found.push({
      kind: 'TENANT_WITHDRAWAL_SCHEDULED',
      message: `the tenant is scheduled to be cancelled on ${state.usage.withdrawalDate}, on or before this change would take effect (${change.effectiveDate})`,
    });
  }
  if (order && change.route === 'IMMEDIATE' && change.action === 'ADD') {
    found.push({ kind: 'OPTION_ORDER_DELETED', message: `buying ${change.optionProductId} now removes its scheduled ${order.type} task on ${order.applyDate}` });
  }
  // A RESCHEDULE moves the task in the slot, so the slot is not taken by another one.
  if (order && change.route === 'OPTION_ORDER' && change.action !== 'RESCHEDULE') {
    found.push({
      kind: 'OPTION_ORDER_SLOT_TAKEN',
      message: `${change.optionProductId} already has a scheduled ${order.type} task on ${order.applyDate} and can hold only one`,
      resolution: [deleteOrderCall(change.domainId, order)],
    });
  }
  if (change.action !== 'CANCEL') {
    const ends = state.baseReservation?.type === 'CANCEL' ? `a CANCEL reservation on ${state.baseReservation.applyDate}` : state.baseRenewal?.type === 'CANCEL' ? 'its renewal setting CANCEL' : undefined;
    if (ends && state.base) {
      found.push({ kind: 'BASE_SCHEDULED_TO_END', message: `the base subscription ${state.base.subscriptionId} (${state.base.productId}) is set to end (${ends}); its options end with it` });
    }
  }
  if (change.route === 'AT_RENEWAL' && change.renewalBody && state.renewal && state.renewal.type !== 'STAY') {
    const r = state.renewal;
    if (r.subOptionId !== change.renewalBody.subOptionId || (r.quantity ?? undefined) !== change.renewalBody.quantity) {
      found.push({
        kind: 'RENEWAL_SETTING_REPLACED',
        message: `the renewal setting CHANGE (${r.subOptionId ?? '-'}, quantity ${r.quantity ?? '-'}) of ${change.optionProductId} would be replaced`,
      });
    }
  }
  if (change.action === 'CANCEL' && change.route === 'IMMEDIATE' && !ONE_MONTH.includes(change.optionProductId)) {
    const option = state.options.find((o) => o.optionProductId === change.optionProductId);
    if (option && option.plan.startsWith('ANNUAL')) {
      found.push({
        kind: 'CANCELLATION_PENALTY',
        message: `${change.optionProductId} is on an annual contract (${option.plan}, until ${option.planEndDate}): cancelling now is billed a penalty and it can be bought again only from next month`,
      });
    }
  }
  return found;
}
