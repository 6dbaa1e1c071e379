// Subscription activities: read everything a change can collide with, and carry out one planned call exactly once.
// There is no idempotency key (conventions.md §6), so every write first checks whether an earlier attempt already
// applied it, against the before-state the plan recorded in workflow history. For additive calls (add-license-count,
// option add-quantity, pre-order POST) that check is what keeps a retry after a "commit then fail" from adding twice.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { PartnerApiClient, RequestOptions } from '../partner-api/client.js';
import { PartnerConflictError, PartnerNotFoundError } from '../partner-api/errors.js';
import type { SubscriptionState } from '../domain/subscriptions/subscription-collisions.js';
import { ALL_SUBSCRIPTION_READS, type SubscriptionReads } from '../domain/subscriptions/subscription-reads.js';
import type { CallGuard, PlannedCall } from '../domain/subscriptions/subscription-plan-types.js';
import { dateInZone } from '../domain/dates.js';
import { isPaidPlan, type Subscription, type SubscriptionRenewal, type SubscriptionReservation } from '../domain/subscriptions/subscription-products.js';
import { activitySignal, orNone, partnerCall, toApplicationFailure } from './failures.js';
import { dateAlreadyMoved } from './moved-date.js';
import { renewalAlreadySet, renewalSetCheckable } from './renewal-set.js';
import { attemptDeadline, sendWrite, UNCLEAR_WRITE_SETTLE, waitOutEarlierWrite } from './unclear-write.js';

export interface SubscriptionActivityDeps {
  client: PartnerApiClient;
  /** The API's clock (ms since epoch). Default Date.now; tests pass the simulator's clock. */
  now?: () => number | Promise<number>;
  /** How long to wait before re-reading after an unclear failure of a guarded write. Default UNCLEAR_WRITE_SETTLE. */
  unclearWriteSettle?: string;
}

export interface ApiClock {
  nowMs: number;
  /** Today in the API's time zone (YYYY-MM-DD). */
  today: string;
}

export interface CallOutcome {
  operationId: string;
  summary: string;
  /** APPLIED: this attempt made the call. ALREADY_APPLIED: the state showed an earlier attempt (or run) had. */
  outcome: 'APPLIED' | 'ALREADY_APPLIED';
  status?: number;
  response?: unknown;
}

/** Failure type when the state moved in a way the plan did not expect (someone else changed it): never retried. */
export const ERR_STATE_CHANGED = 'ERR_STATE_CHANGED';

function stateChanged(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: ERR_STATE_CHANGED, message, nonRetryable: true });
}

async function findSubscription(client: PartnerApiClient, domainId: number, subscriptionId: number): Promise<Subscription | undefined> {
  const list = await client.listSubscriptions(domainId, { signal: activitySignal() });
  return (list.subscriptions ?? []).find((s) => s.subscriptionId === subscriptionId);
}

async function findOption(client: PartnerApiClient, domainId: number, optionProductId: string) {
  const list = await client.listOptionProducts(domainId, { signal: activitySignal() });
  return (list.optionProducts ?? []).find((o) => o.optionProductId === optionProductId);
}

/**
 * Has the change this guard describes already happened? Throws ERR_STATE_CHANGED when the state is neither the
 * before-state nor the target (a blind write could then double-apply or undo someone else's change).
 */
export async function alreadyApplied(client: PartnerApiClient, domainId: number, guard: CallGuard): Promise<boolean> {
  const signal = activitySignal();
  switch (guard.kind) {
    case 'LICENSE_COUNT': {
      const sub = await findSubscription(client, domainId, guard.subscriptionId);
      if (!sub) throw stateChanged(`subscription ${guard.subscriptionId} is gone; not adding licenses`);
      if (sub.licenseCount === guard.target) return true;
      if (sub.licenseCount === guard.before) return false;
      throw stateChanged(
        `subscription ${guard.subscriptionId} has ${sub.licenseCount} licenses; expected ${guard.before} (before) or ${guard.target} (after). Someone else changed it: not adding, to avoid a double add`,
      );
    }
    case 'NEW_PRE_ORDER': {
      const list = await client.listSubscriptionPreOrders(domainId, { signal });
      return (list.subscriptionPreOrders ?? []).some(
        (p) => p.productId === guard.productId && p.applyDate === guard.applyDate && !guard.existingIds.includes(p.preOrderId),
      );
    }
    case 'SUBSCRIPTION_PRODUCT': {
      const list = await client.listSubscriptions(domainId, { signal });
      return (list.subscriptions ?? []).some((s) => s.productId === guard.productId);
    }
    case 'SUBSCRIPTION_PAID': {
      const sub = await findSubscription(client, domainId, guard.subscriptionId);
      if (!sub) throw stateChanged(`subscription ${guard.subscriptionId} is gone; not converting it`);
      return isPaidPlan(sub.plan);
    }
    case 'SUBSCRIPTION_ON_PRODUCT': {
      const sub = await findSubscription(client, domainId, guard.subscriptionId);
      if (!sub) throw stateChanged(`subscription ${guard.subscriptionId} is gone; not upgrading it`);
      // An upgrade in progress (status other than ACTIVE) was started by an earlier attempt: do not post again.
      return sub.productId === guard.productId || (sub.status as string) === 'UPGRADING';
    }
    case 'RESERVATION': {
      const current = await orNone(() => client.getSubscriptionReservation(domainId, String(guard.subscriptionId), { signal }));
      return current?.type === guard.type && current.applyDate === guard.applyDate;
    }
    case 'OPTION_QUANTITY': {
      const option = await findOption(client, domainId, guard.optionProductId);
      if (!option) throw stateChanged(`option ${guard.optionProductId} is no longer in use; not adding quantity`);
      if (option.quantity === guard.target) return true;
      if (option.quantity === guard.before) return false;
      throw stateChanged(
        `option ${guard.optionProductId} has quantity ${option.quantity}; expected ${guard.before} (before) or ${guard.target} (after). Someone else changed it: not adding, to avoid a double add`,
      );
    }
    case 'OPTION_PRESENT':
      return (await findOption(client, domainId, guard.optionProductId)) !== undefined;
    case 'OPTION_ON_SUB_OPTION': {
      const option = await findOption(client, domainId, guard.optionProductId);
      if (!option) throw stateChanged(`option ${guard.optionProductId} is no longer in use; not changing it`);
      return option.subOptionId === guard.subOptionId;
    }
    case 'OPTION_ORDER': {
      const list = await client.listOptionProductOrders(domainId, { signal });
      return (list.optionProductOrders ?? []).some((o) => o.optionProductId === guard.optionProductId && o.type === guard.type && o.applyDate === guard.applyDate);
    }
    case 'MOVED_DATE':
      return dateAlreadyMoved(client, domainId, guard, stateChanged);
    case 'GONE':
    case 'SET':
      return false;
  }
}

/** After a 404 on a DELETE: is the thing really gone? (A 404 for a wrong customer must not pass as success.) */
async function confirmedGone(client: PartnerApiClient, call: PlannedCall): Promise<boolean> {
  const domainId = Number(call.path.domainId);
  const signal = activitySignal();
  switch (call.operationId) {
    case 'cancelSubscription':
      return (await findSubscription(client, domainId, Number(call.path.subscriptionId))) === undefined;
    case 'deleteSubscriptionReservation':
      return (await orNone(() => client.getSubscriptionReservation(domainId, String(call.path.subscriptionId), { signal }))) === undefined;
    case 'deleteSubscriptionPreOrder':
      return !((await client.listSubscriptionPreOrders(domainId, { signal })).subscriptionPreOrders ?? []).some((p) => p.preOrderId === Number(call.path.preOrderId));
    case 'cancelOptionProduct':
      return (await findOption(client, domainId, String(call.path.optionProductId))) === undefined;
    case 'deleteOptionProductOrder':
      return !((await client.listOptionProductOrders(domainId, { signal })).optionProductOrders ?? []).some((o) => o.optionProductId === call.path.optionProductId);
    default:
      return false;
  }
}

export { UNCLEAR_WRITE_SETTLE, WRITE_TIME_NEEDED_MS, WRITE_RECORD_FLUSH_MS, type GuardedWriteHeartbeat } from './unclear-write.js';

/** How a planned call is carried out. */
export interface ApplyOptions {
  /**
   * The workflow read the state for this call's plan just before it, under its customer turn, and wrote nothing since:
   * the first attempt takes the plan's before-state as read instead of reading it again. Any later attempt (a retry,
   * an unclear end, a worker that died) reads, as always.
   */
  sharesPlanRead?: boolean;
  /** When the workflow had the plan's read: shared only while recent (PLAN_READ_SHARED_FOR_MS). */
  planReadAtMs?: number;
}

/** A plan's read older than this (a worker down between the read and the write) is not shared: the write reads. */
export const PLAN_READ_SHARED_FOR_MS = 60_000;

/** 1 for an activity's first attempt; undefined outside an activity (then the state is always read). */
function currentAttempt(): number | undefined {
  try {
    return Context.current().info.attempt;
  } catch {
    return undefined;
  }
}

/** Carries out one planned call exactly once (see CallGuard). Safe to retry: each attempt re-checks the state first. */
export async function applyPlannedCall(client: PartnerApiClient, call: PlannedCall, settle: string = UNCLEAR_WRITE_SETTLE, options: ApplyOptions = {}): Promise<CallOutcome> {
  const domainId = Number(call.path.domainId);
  const base = { operationId: call.operationId, summary: call.summary };
  // A renewal setting (SET) is checked by reading it back (renewal-set.ts), so it takes the guarded path too.
  const checkedSet = renewalSetCheckable(call);
  const guarded = (call.guard.kind !== 'SET' && call.guard.kind !== 'GONE') || checkedSet;
  const done = () => (checkedSet ? renewalAlreadySet(client, call) : alreadyApplied(client, domainId, call.guard));
  try {
    // Every unclear end takes the same path (activities/unclear-write.ts): settle delay, then re-read.
    if (guarded) waitOutEarlierWrite(settle);
    const recent = typeof options.planReadAtMs === 'number' && Date.now() - options.planReadAtMs < PLAN_READ_SHARED_FOR_MS;
    const planReadIsCurrent = options.sharesPlanRead === true && recent && currentAttempt() === 1;
    // A set-to-value write is read back only on a retry: the plan saw it differ, and only our own unclear end repeats it.
    const firstSet = checkedSet && currentAttempt() === 1;
    if (!planReadIsCurrent && !firstSet && (await done())) return { ...base, outcome: 'ALREADY_APPLIED' };
    const send = (sending: RequestOptions) => client.call<unknown>(call.operationId, { path: call.path, body: call.body, ...sending });
    try {
      const response = guarded ? await sendWrite(call.operationId, settle, send) : await send({ signal: activitySignal(), deadline: attemptDeadline() });
      return { ...base, outcome: 'APPLIED', status: response.status, ...(response.body === undefined ? {} : { response: response.body }) };
    } catch (err) {
      // A 409 on a create, or a 404 on a delete, may mean an earlier attempt already did it: check, don't guess.
      if (err instanceof PartnerConflictError && call.guard.kind !== 'SET' && (await alreadyApplied(client, domainId, call.guard))) {
        return { ...base, outcome: 'ALREADY_APPLIED' };
      }
      if (err instanceof PartnerNotFoundError && call.guard.kind === 'GONE' && (await confirmedGone(client, call))) {
        return { ...base, outcome: 'ALREADY_APPLIED' };
      }
      throw err;
    }
  } catch (err) {
    throw toApplicationFailure(err);
  }
}

/**
 * Reads the customer's subscriptions and what a change of `subscriptionId` could collide with: `reads` names the
 * optional reads the change's planner consults (domain/subscriptions/subscription-reads.ts); the others stay empty.
 */
export async function readSubscriptionState(
  client: PartnerApiClient,
  domainId: number,
  subscriptionId?: number,
  reads: SubscriptionReads = ALL_SUBSCRIPTION_READS,
  known?: Subscription[],
): Promise<SubscriptionState> {
  const signal = activitySignal();
  const readAtMs = Date.now();
  const [subscriptions, preOrders, usage, options] = await Promise.all([
    // `known`: the list a caller read moments ago and handed in (a bulk selection), not read again.
    known ? { subscriptions: known } : client.listSubscriptions(domainId, { signal }),
    reads.preOrders ? client.listSubscriptionPreOrders(domainId, { signal }) : undefined,
    client.getUsageStatus(domainId, { signal }),
    reads.optionProducts ? client.listOptionProducts(domainId, { signal }) : undefined,
  ]);
  const sub = subscriptionId === undefined ? undefined : (subscriptions.subscriptions ?? []).find((s) => s.subscriptionId === subscriptionId);
  let reservation: SubscriptionReservation | null = null;
  let renewal: SubscriptionRenewal | null = null;
  if (sub) {
    if (reads.reservation) reservation = (await orNone(() => client.getSubscriptionReservation(domainId, String(sub.subscriptionId), { signal }))) ?? null;
    // Free and trial subscriptions have no renewal setting. A paid one's comes with the list (openapi.yaml Subscription
    // "renewal"), read in the same moment: the GET is asked only when the list left it out.
    if (isPaidPlan(sub.plan)) renewal = sub.renewal ?? (await orNone(() => client.getSubscriptionRenewal(domainId, String(sub.subscriptionId), { signal }))) ?? null;
  }
  return {
    subscriptions: subscriptions.subscriptions ?? [],
    preOrders: preOrders?.subscriptionPreOrders ?? [],
    reservation,
    renewal,
    usage,
    optionProducts: options?.optionProducts ?? [],
    readAtMs,
  };
}

export function createSubscriptionActivities({ client, now = Date.now, unclearWriteSettle = UNCLEAR_WRITE_SETTLE }: SubscriptionActivityDeps) {
  return {
    /** "Now" and "today" as the API sees them, in `timeZone` (the docs do not name the zone; default Asia/Tokyo). */
    async apiClock(timeZone: string): Promise<ApiClock> {
      const nowMs = await now();
      return { nowMs, today: dateInZone(timeZone, nowMs) };
    },

    /** Subscriptions, pre-orders, the target's reservation and renewal setting, usage status and options. */
    async readSubscriptionState(domainId: number, subscriptionId?: number, reads?: SubscriptionReads, known?: Subscription[]): Promise<SubscriptionState> {
      return partnerCall(() => readSubscriptionState(client, domainId, subscriptionId, reads ?? undefined, known));
    },

    /** One subscription (undefined when the customer no longer has it): used to watch an upgrade finish. */
    async getSubscriptionSnapshot(domainId: number, subscriptionId: number): Promise<Subscription | undefined> {
      return partnerCall(() => findSubscription(client, domainId, subscriptionId));
    },

    /** Carries out one planned call exactly once; see applyPlannedCall. */
    async applyPlannedCall(call: PlannedCall, options?: ApplyOptions): Promise<CallOutcome> {
      return applyPlannedCall(client, call, unclearWriteSettle, options);
    },
  };
}
