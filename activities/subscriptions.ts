// Subscription activities: read everything a change can collide with, and carry out one planned call exactly once.
// There is no idempotency key (conventions.md §6), so every write first checks whether an earlier attempt already
// applied it, against the before-state the plan recorded in workflow history. For additive calls (add-license-count,
// option add-quantity, pre-order POST) that check is what keeps a retry after a "commit then fail" from adding twice.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { PartnerApiClient } from '../partner-api/client.js';
import {
  PartnerAbortedError,
  PartnerApiError,
  PartnerConflictError,
  PartnerNotFoundError,
  PartnerNotSentError,
  PartnerRateLimitError,
  PartnerTokenUnavailableError,
} from '../partner-api/errors.js';
import type { SubscriptionState } from '../domain/subscriptions/subscription-collisions.js';
import { ALL_SUBSCRIPTION_READS, type SubscriptionReads } from '../domain/subscriptions/subscription-reads.js';
import type { CallGuard, PlannedCall } from '../domain/subscriptions/subscription-plan-types.js';
import { dateInZone } from '../domain/dates.js';
import { parseDuration } from '../domain/durations.js';
import { isPaidPlan, type Subscription, type SubscriptionRenewal, type SubscriptionReservation } from '../domain/subscriptions/subscription-products.js';
import { activitySignal, orNone, partnerCall, toApplicationFailure } from './failures.js';
import { recordHeartbeat } from './heartbeat.js';
import { dateAlreadyMoved } from './moved-date.js';

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

/**
 * After an unclear end of a guarded write (no answer, timeout, 5xx, dropped connection, cancelled in flight by a
 * shutdown, or the worker died), LINE WORKS may still commit it after our client gave up: the next attempt re-reads
 * the state only after this delay, so a late commit is seen, not repeated.
 */
export const UNCLEAR_WRITE_SETTLE = '2 minutes';
/** A write starts only when the attempt has this long left (client timeout and margin), so attempts never overlap. */
export const WRITE_TIME_NEEDED_MS = 45_000;
/** The request must end this long before the attempt's start-to-close timeout. */
const ATTEMPT_END_MARGIN_MS = 5_000;
/**
 * Pause between recording "write sent" in the heartbeat details and sending it, so the record reaches the server
 * (workers/worker.ts throttles heartbeats to at most 1 s) before the request can: a worker killed mid-write leaves it.
 */
export const WRITE_RECORD_FLUSH_MS = 1_200;

/** Heartbeat details of a guarded write: when this attempt sent its write (re-read only after the settle delay). */
export interface GuardedWriteHeartbeat {
  operationId: string;
  writeSentAt?: number;
}

/** The latest time an answer may arrive in this attempt, or undefined outside an activity. */
function attemptDeadline(): number | undefined {
  try {
    const { currentAttemptScheduledTimestampMs, startToCloseTimeoutMs } = Context.current().info;
    return currentAttemptScheduledTimestampMs + startToCloseTimeoutMs - ATTEMPT_END_MARGIN_MS;
  } catch {
    return undefined; // called outside an activity
  }
}

/** The write an earlier attempt sent without a clear answer (it crashed, timed out or was cut off), if any. */
function earlierWriteSentAt(): number | undefined {
  try {
    const { attempt, heartbeatDetails } = Context.current().info;
    const details = heartbeatDetails as GuardedWriteHeartbeat | undefined;
    return attempt > 1 && typeof details?.writeSentAt === 'number' ? details.writeSentAt : undefined;
  } catch {
    return undefined;
  }
}

/** True when the activity itself was cancelled by its workflow (not by a shutdown or a timeout). */
function cancelledByWorkflow(): boolean {
  try {
    return Context.current().cancellationDetails?.cancelRequested === true;
  } catch {
    return false;
  }
}

/** True for failures after which the write may or may not have happened (anything sent without a clear answer). */
function unclear(err: unknown): boolean {
  return (
    err instanceof PartnerApiError &&
    err.retryable &&
    !(err instanceof PartnerRateLimitError) &&
    !(err instanceof PartnerNotSentError) &&
    !(err instanceof PartnerTokenUnavailableError)
  );
}

/** A retryable failure whose retry waits `delay` (the settle delay, or what is left of it) before re-reading. */
function settleFailure(type: string, message: string, delay: string | number): ApplicationFailure {
  const inWords = typeof delay === 'number' ? `${Math.ceil(delay / 1000)}s` : delay;
  return ApplicationFailure.create({ type, message: `${message}; the write may still be committed: re-reading in ${inWords}`, nextRetryDelay: delay });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How a planned call is carried out. */
export interface ApplyOptions {
  /**
   * The workflow read the state for this call's plan just before it, under its customer turn, and wrote nothing since:
   * the first attempt takes the plan's before-state as read instead of reading it again. Any later attempt (a retry,
   * an unclear end, a worker that died) reads, as always.
   */
  sharesPlanRead?: boolean;
}

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
  const guarded = call.guard.kind !== 'SET' && call.guard.kind !== 'GONE';
  const settleMs = parseDuration(settle) ?? parseDuration(UNCLEAR_WRITE_SETTLE)!;
  try {
    // Every unclear end takes the same path: an earlier attempt that sent the write and then crashed, timed out or
    // was cut off by a shutdown left "writeSentAt" behind; the state is read only once the settle delay has passed.
    const sentAt = guarded ? earlierWriteSentAt() : undefined;
    if (sentAt !== undefined && Date.now() < sentAt + settleMs) {
      const left = sentAt + settleMs - Date.now();
      throw settleFailure('ERR_UNCLEAR_WRITE', `${call.operationId}: an earlier attempt sent this write and ended without an answer`, left);
    }
    const planReadIsCurrent = options.sharesPlanRead === true && currentAttempt() === 1;
    if (!planReadIsCurrent && (await alreadyApplied(client, domainId, call.guard))) return { ...base, outcome: 'ALREADY_APPLIED' };
    const deadline = attemptDeadline();
    if (guarded && deadline !== undefined && deadline - Date.now() < WRITE_TIME_NEEDED_MS) {
      // Too late in this attempt: Temporal could start the next one while our write is still in flight.
      throw ApplicationFailure.retryable(`${call.operationId}: ${Math.round((deadline - Date.now()) / 1000)}s left in this attempt; writing in the next one`, 'ERR_ATTEMPT_TOO_SHORT');
    }
    if (guarded && deadline !== undefined) {
      recordHeartbeat({ operationId: call.operationId, writeSentAt: Date.now() } satisfies GuardedWriteHeartbeat);
      await pause(WRITE_RECORD_FLUSH_MS);
    }
    try {
      // The deadline covers the limiter wait and token fetch too: the client does not send what cannot end in time.
      const response = await client.call<unknown>(call.operationId, { path: call.path, body: call.body, signal: activitySignal(), deadline });
      return { ...base, outcome: 'APPLIED', status: response.status, ...(response.body === undefined ? {} : { response: response.body }) };
    } catch (err) {
      if (err instanceof PartnerNotSentError || err instanceof PartnerTokenUnavailableError) {
        recordHeartbeat({ operationId: call.operationId } satisfies GuardedWriteHeartbeat); // nothing went out
      }
      // A 409 on a create, or a 404 on a delete, may mean an earlier attempt already did it: check, don't guess.
      if (err instanceof PartnerConflictError && call.guard.kind !== 'SET' && (await alreadyApplied(client, domainId, call.guard))) {
        return { ...base, outcome: 'ALREADY_APPLIED' };
      }
      if (err instanceof PartnerNotFoundError && call.guard.kind === 'GONE' && (await confirmedGone(client, call))) {
        return { ...base, outcome: 'ALREADY_APPLIED' };
      }
      if (guarded && unclear(err) && !(err instanceof PartnerAbortedError && cancelledByWorkflow())) {
        throw settleFailure((err as PartnerApiError).code, (err as PartnerApiError).message, settle);
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
export async function readSubscriptionState(client: PartnerApiClient, domainId: number, subscriptionId?: number, reads: SubscriptionReads = ALL_SUBSCRIPTION_READS): Promise<SubscriptionState> {
  const signal = activitySignal();
  const [subscriptions, preOrders, usage, options] = await Promise.all([
    client.listSubscriptions(domainId, { signal }),
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
    async readSubscriptionState(domainId: number, subscriptionId?: number, reads?: SubscriptionReads): Promise<SubscriptionState> {
      return partnerCall(() => readSubscriptionState(client, domainId, subscriptionId, reads));
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
