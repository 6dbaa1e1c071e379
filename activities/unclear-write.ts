// The one path every LINE WORKS write takes after an unclear end. There is no idempotency key (conventions.md §6):
// a write that ended without a clear answer (timeout, 5xx, dropped connection, cut off by a shutdown, the worker
// died, the attempt timed out) may still be committed by LINE WORKS after our client gave up. So an activity that
// writes (1) records "write sent" in its heartbeat details before it sends, (2) after an unclear end fails with a
// retry delay of the settle delay, and (3) in a later attempt reads nothing until the settle delay has passed since
// the request went out: the client may hold a write for its limiter and the partner-wide rate-limit gate, so "sent" is
// recorded (and flushed) right before the request leaves, not when the write is handed to the client; then it
// re-reads, and a late commit is seen instead of repeated.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { RequestOptions } from '../partner-api/client.js';
import {
  PartnerAbortedError,
  PartnerApiError,
  PartnerNotSentError,
  PartnerRateLimitError,
  PartnerTokenUnavailableError,
} from '../partner-api/errors.js';
import { parseDuration } from '../domain/durations.js';
import { activitySignal } from './failures.js';
import { recordHeartbeat } from './heartbeat.js';

/** How long after an unclear end a write may still be committed: the next attempt re-reads only after it. */
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

/** What activity factories that write take: the settle delay (tests and the chaos harness shorten it). */
export interface UnclearWriteDeps {
  /** How long to wait before re-reading after an unclear end of a write. Default UNCLEAR_WRITE_SETTLE. */
  unclearWriteSettle?: string;
}

/** Heartbeat details of an activity that writes: when this attempt sent its write (absent once it was answered). */
export interface GuardedWriteHeartbeat {
  operationId: string;
  /** When the request went out (recorded by the client's beforeSend, after its limiter and rate-limit gate). */
  writeSentAt?: number;
  /** What the attempt that sent the write had read (JSON), so a later attempt can report the change it made. */
  context?: unknown;
}

/** The settle delay in ms (an unparsable setting falls back to UNCLEAR_WRITE_SETTLE). */
export function settleMs(settle: string): number {
  return parseDuration(settle) ?? parseDuration(UNCLEAR_WRITE_SETTLE)!;
}

/** The latest time an answer may arrive in this attempt, or undefined outside an activity. */
export function attemptDeadline(): number | undefined {
  try {
    const { currentAttemptScheduledTimestampMs, startToCloseTimeoutMs } = Context.current().info;
    return currentAttemptScheduledTimestampMs + startToCloseTimeoutMs - ATTEMPT_END_MARGIN_MS;
  } catch {
    return undefined; // called outside an activity
  }
}

/** The write an earlier attempt sent without a clear answer (it crashed, timed out or was cut off), if any. */
function earlierUnansweredWrite(): (GuardedWriteHeartbeat & { writeSentAt: number }) | undefined {
  try {
    const { attempt, heartbeatDetails } = Context.current().info;
    const details = heartbeatDetails as GuardedWriteHeartbeat | undefined;
    return attempt > 1 && details && typeof details.writeSentAt === 'number' ? { ...details, writeSentAt: details.writeSentAt } : undefined;
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
export function unclear(err: unknown): err is PartnerApiError {
  return (
    err instanceof PartnerApiError &&
    err.retryable &&
    !(err instanceof PartnerRateLimitError) &&
    !(err instanceof PartnerNotSentError) &&
    !(err instanceof PartnerTokenUnavailableError)
  );
}

/** A retryable failure whose retry waits `delay` (the settle delay, or what is left of it) before re-reading. */
export function settleFailure(type: string, message: string, delay: string | number): ApplicationFailure {
  const inWords = typeof delay === 'number' ? `${Math.ceil(delay / 1000)}s` : delay;
  return ApplicationFailure.create({ type, message: `${message}; the write may still be committed: re-reading in ${inWords}`, nextRetryDelay: delay });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The first step of every attempt of an activity that writes, before it reads anything: when an earlier attempt sent
 * a write and ended without an answer less than the settle delay ago, this attempt fails at once with what is left
 * of the delay as its retry delay. The record is carried on to the next attempt until this one writes, and returned
 * (with the `context` the sender gave) so the attempt can tell "an earlier attempt did it" from "nothing to do".
 */
export function waitOutEarlierWrite(settle: string): GuardedWriteHeartbeat | undefined {
  const earlier = earlierUnansweredWrite();
  if (!earlier) return undefined;
  recordHeartbeat(earlier satisfies GuardedWriteHeartbeat);
  const left = earlier.writeSentAt + settleMs(settle) - Date.now();
  if (left > 0) throw settleFailure('ERR_UNCLEAR_WRITE', `${earlier.operationId}: an earlier attempt sent this write and ended without an answer`, left);
  return earlier;
}

/**
 * Sends one write that the caller has just found still missing (read before write). The write is sent only when it
 * can end inside this attempt, is recorded in the heartbeat details right before it goes out (the client's
 * beforeSend, after its limiter and rate-limit gate), and an unclear end becomes a settle
 * failure. `send` gets the activity's signal and the attempt's deadline: the client counts its limiter wait and token
 * fetch against it and does not send what cannot end in time. Clear answers (4xx, 409, 404) are thrown unchanged.
 */
export async function sendWrite<T>(operationId: string, settle: string, send: (options: RequestOptions) => Promise<T>, context?: unknown): Promise<T> {
  const deadline = attemptDeadline();
  if (deadline !== undefined && deadline - Date.now() < WRITE_TIME_NEEDED_MS) {
    // Too late in this attempt: Temporal could start the next one while our write is still in flight.
    throw ApplicationFailure.retryable(`${operationId}: ${Math.round((deadline - Date.now()) / 1000)}s left in this attempt; writing in the next one`, 'ERR_ATTEMPT_TOO_SHORT');
  }
  const recordSent = async () => {
    recordHeartbeat({ operationId, writeSentAt: Date.now(), ...(context === undefined ? {} : { context }) } satisfies GuardedWriteHeartbeat);
    await pause(WRITE_RECORD_FLUSH_MS);
  };
  try {
    // Recorded once the client's limiter and rate-limit gate let the request go (a worker that dies while it waits
    // there has sent nothing): the settle delay counts from then.
    const answer = await send({ signal: activitySignal(), deadline, ...(deadline === undefined ? {} : { beforeSend: recordSent }) });
    recordHeartbeat({ operationId } satisfies GuardedWriteHeartbeat); // answered: nothing left to settle
    return answer;
  } catch (err) {
    if (err instanceof PartnerApiError && !unclear(err)) recordHeartbeat({ operationId } satisfies GuardedWriteHeartbeat); // not sent, or a clear answer
    if (unclear(err) && !(err instanceof PartnerAbortedError && cancelledByWorkflow())) throw settleFailure(err.code, err.message, settle);
    throw err;
  }
}
