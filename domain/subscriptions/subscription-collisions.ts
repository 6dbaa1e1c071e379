// The collision guard for subscription changes: pending pre-orders, reservations, renewal settings and the tenant's
// cancellation date that a change would wipe or conflict with (the documented side effects). Pure.
import type { Collision, PlannedCall } from './subscription-plan-types.js';
import {
  optionProductGroup,
  productGroupOf,
  STANDARD_ONLY_SUB_OPTIONS,
  type OptionProduct,
  type Subscription,
  type SubscriptionPreOrder,
  type SubscriptionRenewal,
  type SubscriptionReservation,
  type UsageStatus,
} from './subscription-products.js';

export const COLLISION_KINDS = [
  /** An immediate license add deletes a pending ADD_LICENSE reservation. */
  'SCHEDULED_ADD_LICENSE_DELETED',
  /** An immediate paid conversion deletes every reservation of the subscription. */
  'RESERVATION_DELETED_BY_PAID_CONVERSION',
  /** Only one reservation per subscription: another one is pending (proceeding deletes it first). */
  'RESERVATION_SLOT_TAKEN',
  /** An immediate cancel is refused while a paid conversion (START_PAID_SERVICE) is scheduled (proceeding deletes it). */
  'PAID_CONVERSION_SCHEDULED',
  /** Cancelling the subscription cancels its option products too. */
  'CANCEL_TAKES_OPTIONS',
  /** A renewal setting other than STAY is in place and would be replaced. */
  'RENEWAL_SETTING_REPLACED',
  /** An immediate upgrade deletes a renewal setting that targets the upgraded product. */
  'RENEWAL_SETTING_DELETED_BY_UPGRADE',
  /** An immediate upgrade cancels options not sold on the new tier (Drive for Standard on STD -> ADV). */
  'OPTIONS_CANCELLED_BY_UPGRADE',
  /** The subscription is already set to end (CANCEL reservation or renewal); the change would end with it. */
  'SUBSCRIPTION_SCHEDULED_TO_END',
  /** The tenant is scheduled to be deleted (usage-status withdrawalDate) on or before the change takes effect. */
  'TENANT_WITHDRAWAL_SCHEDULED',
  /** A pre-order for the same product group is pending (proceeding deletes it first). */
  'PRE_ORDER_PENDING',
  /** The license count asked for is lower than the number of users in the tenant. */
  'LICENSES_BELOW_MEMBER_COUNT',
] as const;
export type CollisionKind = (typeof COLLISION_KINDS)[number];

export interface SubscriptionState {
  subscriptions: Subscription[];
  preOrders: SubscriptionPreOrder[];
  /** The target subscription's pending reservation, null when none (or no target). */
  reservation: SubscriptionReservation | null;
  /** The target subscription's renewal setting, null for free/trial (or no target). */
  renewal: SubscriptionRenewal | null;
  usage: UsageStatus;
  optionProducts: OptionProduct[];
  /**
   * When the activity began these reads (the worker's clock, ms): the first write may take them as current only while
   * they are recent (activities/subscriptions.ts PLAN_READ_SHARED_FOR_MS). Absent in results recorded before: then it reads.
   */
  readAtMs?: number;
}

/** What the guard needs to know about the change the planner chose. */
export interface DraftChange {
  action: string;
  route: 'IMMEDIATE' | 'PRE_ORDER' | 'RESERVATION' | 'AT_RENEWAL' | 'TIMER_THEN_IMMEDIATE';
  domainId: number;
  effectiveDate: string;
  subscription?: Subscription;
  /** AT_RENEWAL: the renewal body being set. */
  renewalBody?: { type: string; productId?: string; plan?: string; licenseCount?: number };
  /** RESERVATION: the reservation being created. */
  reservationBody?: { type: string; applyDate: string; licenseCount?: number };
  /** ADD_SUBSCRIPTION: the product being applied for. */
  productId?: string;
  /** REDUCE/CHANGE: the license count that will apply. */
  licenseCount?: number;
}

function deleteReservationCall(domainId: number, subscriptionId: number, what: string): PlannedCall {
  return {
    operationId: 'deleteSubscriptionReservation',
    path: { domainId, subscriptionId },
    guard: { kind: 'GONE' },
    summary: `delete the pending ${what} reservation of subscription ${subscriptionId}`,
  };
}

function describeRenewal(r: { type: string; productId?: string; plan?: string; licenseCount?: number }): string {
  const parts = [r.productId, r.plan, r.licenseCount !== undefined ? `${r.licenseCount} licenses` : undefined].filter(Boolean);
  return parts.length ? `${r.type} (${parts.join(', ')})` : r.type;
}

/** Every collision of `change` with the pending items in `state`. */
export function findSubscriptionCollisions(change: DraftChange, state: SubscriptionState): Collision<CollisionKind>[] {
  const found: Collision<CollisionKind>[] = [];
  const sub = change.subscription;
  const reservation = state.reservation;
  const renewal = state.renewal;
  const immediate = change.route === 'IMMEDIATE';

  if (state.usage.withdrawalDate && change.effectiveDate >= state.usage.withdrawalDate) {
    found.push({
      kind: 'TENANT_WITHDRAWAL_SCHEDULED',
      message: `the tenant is scheduled to be cancelled on ${state.usage.withdrawalDate} (usage-status withdrawalDate), on or before this change would take effect (${change.effectiveDate})`,
    });
  }

  if (sub && reservation) {
    const subId = sub.subscriptionId;
    if (immediate && change.action === 'ADD_LICENSES' && reservation.type === 'ADD_LICENSE') {
      found.push({
        kind: 'SCHEDULED_ADD_LICENSE_DELETED',
        message: `adding licenses now deletes the ADD_LICENSE reservation of ${reservation.licenseCount ?? '?'} licenses on ${reservation.applyDate}`,
      });
    }
    if (immediate && change.action === 'CONVERT_TO_PAID') {
      found.push({
        kind: 'RESERVATION_DELETED_BY_PAID_CONVERSION',
        message: `converting to paid now deletes the pending ${reservation.type} reservation on ${reservation.applyDate}`,
      });
    }
    if (immediate && change.action === 'CANCEL' && reservation.type === 'START_PAID_SERVICE') {
      found.push({
        kind: 'PAID_CONVERSION_SCHEDULED',
        message: `a paid conversion is scheduled on ${reservation.applyDate}; the API refuses an immediate cancel until it is deleted`,
        resolution: [deleteReservationCall(change.domainId, subId, 'START_PAID_SERVICE')],
      });
    }
    if (change.route === 'RESERVATION' && change.reservationBody) {
      found.push({
        kind: 'RESERVATION_SLOT_TAKEN',
        message: `subscription ${subId} already has a ${reservation.type} reservation on ${reservation.applyDate} and can hold only one`,
        resolution: [deleteReservationCall(change.domainId, subId, reservation.type)],
      });
    }
  }

  // A RESCHEDULE moves the pending item itself within its window: the subscription's end does not come into it.
  if (sub && change.action !== 'CANCEL' && change.action !== 'RESCHEDULE') {
    const endsBy = reservation?.type === 'CANCEL' ? `a CANCEL reservation on ${reservation.applyDate}` : renewal?.type === 'CANCEL' ? 'its renewal setting CANCEL' : undefined;
    if (endsBy && !(change.route === 'AT_RENEWAL')) {
      found.push({ kind: 'SUBSCRIPTION_SCHEDULED_TO_END', message: `subscription ${sub.subscriptionId} is set to end (${endsBy}); this change ends with it` });
    }
  }

  if (sub && change.action === 'CANCEL') {
    const group = productGroupOf(sub.productId) ?? 'WORKS';
    const options = state.optionProducts.filter((o) => optionProductGroup(o.optionProductId) === group);
    if (options.length > 0) {
      found.push({
        kind: 'CANCEL_TAKES_OPTIONS',
        message: `cancelling ${sub.productId} also cancels its options: ${options.map((o) => `${o.optionProductId}/${o.subOptionId}`).join(', ')}`,
      });
    }
  }

  if (change.route === 'AT_RENEWAL' && renewal && renewal.type !== 'STAY' && change.renewalBody) {
    const current = { type: renewal.type, productId: renewal.productId, plan: renewal.plan, licenseCount: renewal.licenseCount };
    if (describeRenewal(current) !== describeRenewal(change.renewalBody)) {
      found.push({
        kind: 'RENEWAL_SETTING_REPLACED',
        message: `the renewal setting ${describeRenewal(current)} would be replaced by ${describeRenewal(change.renewalBody)}`,
      });
    }
  }

  if (sub && immediate && change.action === 'UPGRADE' && change.productId) {
    if (renewal?.type === 'CHANGE' && renewal.productId === change.productId) {
      found.push({
        kind: 'RENEWAL_SETTING_DELETED_BY_UPGRADE',
        message: `upgrading now deletes the renewal setting ${describeRenewal(renewal)} that targets ${change.productId}`,
      });
    }
    if (sub.productId === 'STD' && change.productId === 'ADV') {
      const drive = state.optionProducts.filter((o) => STANDARD_ONLY_SUB_OPTIONS.includes(o.subOptionId));
      if (drive.length > 0) {
        found.push({
          kind: 'OPTIONS_CANCELLED_BY_UPGRADE',
          message: `upgrading Standard to Advanced cancels options sold for Standard only: ${drive.map((o) => o.subOptionId).join(', ')}`,
        });
      }
    }
  }

  if (change.action === 'ADD_SUBSCRIPTION' && change.productId) {
    const group = productGroupOf(change.productId);
    const pending = state.preOrders.filter(
      (p) => p.productId && (group ? productGroupOf(p.productId) === group : p.productId === change.productId),
    );
    if (pending.length > 0) {
      found.push({
        kind: 'PRE_ORDER_PENDING',
        message: `a pre-order for the same product group is pending: ${pending.map((p) => `${p.productId} on ${p.applyDate} (#${p.preOrderId})`).join(', ')}`,
        resolution: pending.map((p) => ({
          operationId: 'deleteSubscriptionPreOrder' as const,
          path: { domainId: change.domainId, preOrderId: p.preOrderId },
          guard: { kind: 'GONE' as const },
          summary: `delete pre-order #${p.preOrderId} (${p.productId} on ${p.applyDate})`,
        })),
      });
    }
  }

  const memberCount = state.usage.memberCount;
  if (change.licenseCount !== undefined && memberCount !== undefined && change.licenseCount < memberCount) {
    found.push({
      kind: 'LICENSES_BELOW_MEMBER_COUNT',
      message: `${change.licenseCount} licenses is fewer than the ${memberCount} users in the tenant`,
    });
  }
  return found;
}
