// Shapes shared by the subscription and option planners, their collision guards and the activities that carry
// out a plan. A plan is plain JSON: it is shown as-is in preview mode and stored in workflow history.
import type { OperationId } from '../../partner-api/operations.js';

/**
 * The mechanism a change goes through (openapi.yaml SubscriptionChangeTiming):
 * IMMEDIATE (the direct call), PRE_ORDER (scheduled application), RESERVATION (scheduled update of a subscription),
 * OPTION_ORDER (scheduled option task), AT_RENEWAL (renewal setting), TIMER_THEN_IMMEDIATE (the date is beyond what the
 * API can schedule: a durable timer, then the immediate call on that date). ALREADY_DONE and NOT_POSSIBLE write nothing.
 */
export type Route =
  | 'IMMEDIATE'
  | 'PRE_ORDER'
  | 'RESERVATION'
  | 'OPTION_ORDER'
  | 'AT_RENEWAL'
  | 'TIMER_THEN_IMMEDIATE'
  | 'ALREADY_DONE'
  | 'NOT_POSSIBLE';

/**
 * How the activity keeps a call exactly once. The before-state comes from the plan (workflow history), so an
 * activity retry after a "commit then fail" compares against what was there BEFORE the first attempt.
 */
export type CallGuard =
  /** Additive: the subscription's licenseCount goes from `before` to `target`; skip when it is already `target`. */
  | { kind: 'LICENSE_COUNT'; subscriptionId: number; before: number; target: number }
  /** Additive: a pre-order for productId+applyDate that is not one of `existingIds` means an earlier attempt made it. */
  | { kind: 'NEW_PRE_ORDER'; existingIds: number[]; productId: string; applyDate: string }
  /** Create-once: done when the customer has a subscription with this product. */
  | { kind: 'SUBSCRIPTION_PRODUCT'; productId: string }
  /** Create-once: done when the subscription's plan is no longer free/trial. */
  | { kind: 'SUBSCRIPTION_PAID'; subscriptionId: number }
  /** Create-once: done when the subscription runs `productId` (an upgrade). */
  | { kind: 'SUBSCRIPTION_ON_PRODUCT'; subscriptionId: number; productId: string }
  /** Create-once: done when the subscription's reservation has this type and date. */
  | { kind: 'RESERVATION'; subscriptionId: number; type: string; applyDate: string }
  /** Delete: a 404 on a repeat counts as success once a read confirms the thing is gone. */
  | { kind: 'GONE' }
  /** Set-to-value: repeating it leaves the same state. */
  | { kind: 'SET' }
  /** Additive: the option's quantity goes from `before` to `target`. */
  | { kind: 'OPTION_QUANTITY'; optionProductId: string; before: number; target: number }
  /** Create-once: done when the customer has this option family (with this sub-option). */
  | { kind: 'OPTION_PRESENT'; optionProductId: string; subOptionId: string }
  /** Create-once: done when the option family runs this sub-option. */
  | { kind: 'OPTION_ON_SUB_OPTION'; optionProductId: string; subOptionId: string }
  /** Create-once: done when the option family's scheduled task has this type and date. */
  | { kind: 'OPTION_ORDER'; optionProductId: string; type: string; applyDate: string }
  /**
   * Move a scheduled item's date (a set, not an add): done when the item's date is `target`; still to do while it is
   * `before`; anything else (gone, another date, another type) means someone else changed it.
   */
  | { kind: 'MOVED_DATE'; item: ScheduledItem; before: string; target: string };

/** The scheduled item a reschedule moves: a pre-order, a subscription's reservation, or an option family's task. */
export type ScheduledItem =
  | { of: 'PRE_ORDER'; preOrderId: number }
  | { of: 'RESERVATION'; subscriptionId: number; type: string }
  | { of: 'OPTION_ORDER'; optionProductId: string; type: string };

export interface PlannedCall {
  operationId: OperationId;
  path: Record<string, string | number>;
  body?: unknown;
  guard: CallGuard;
  /** One line for people: what this call does. */
  summary: string;
}

/** A pending item (or a documented side effect) the change would wipe or conflict with. */
export interface Collision<Kind extends string = string> {
  kind: Kind;
  message: string;
  /** When the caller proceeds despite this collision, these calls run first (e.g. delete the reservation in the way). */
  resolution?: PlannedCall[];
}

export interface Plan<Kind extends string = string> {
  route: Route;
  /** Why this route, in words (names the date window or rule that decided it). */
  reason: string;
  /** "Today" in the API's time zone, as the plan saw it. */
  today: string;
  /** The date the change takes effect (today for IMMEDIATE). */
  effectiveDate?: string;
  /** TIMER_THEN_IMMEDIATE: the date the workflow wakes, re-reads the state and makes the immediate call. */
  wakeDate?: string;
  /** The calls to make now (resolutions of accepted collisions first). Empty for ALREADY_DONE / NOT_POSSIBLE / timers. */
  calls: PlannedCall[];
  /** Documented side effects of the chosen mechanism. */
  effects: string[];
  /** Every collision found, accepted or not. */
  collisions: Collision<Kind>[];
  /** Collisions the caller did not accept: the change stops when this is not empty. */
  blockedBy: Collision<Kind>[];
  /** An upgrade may finish in the background: wait until the subscription is ACTIVE on this product. */
  waitForActive?: { subscriptionId: number; productId: string };
}

/** Moves accepted collisions' resolution calls in front of the plan's calls and lists the rest as blocking. */
export function applyProceedDespite<Kind extends string>(plan: Plan<Kind>, proceedDespite: readonly string[]): Plan<Kind> {
  if (plan.calls.length === 0 && plan.route !== 'TIMER_THEN_IMMEDIATE') return { ...plan, blockedBy: [] };
  const accepted = plan.collisions.filter((c) => proceedDespite.includes(c.kind));
  const blockedBy = plan.collisions.filter((c) => !proceedDespite.includes(c.kind));
  const resolutions = accepted.flatMap((c) => c.resolution ?? []);
  return { ...plan, calls: [...resolutions, ...plan.calls], blockedBy };
}
