// Turns Partner API errors into Temporal failures at the point where the HTTP status is known, so the
// workflow's retry policy does the right thing: 4xx non-retryable, 429 retried after `rateLimit-reset` plus jitter,
// 5xx and network errors retried with back-off.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { PartnerAbortedError, PartnerApiError, PartnerNotFoundError, PartnerRateLimitError } from '../partner-api/errors.js';

/**
 * Extra wait after `rateLimit-reset`, up to this share of it (at least RATE_LIMIT_JITTER_MIN_MS): activities throttled
 * together must not all come back in the same instant and be throttled together again.
 */
export const RATE_LIMIT_JITTER_SHARE = 0.5;
export const RATE_LIMIT_JITTER_MIN_MS = 2_000;

/** When to retry after a 429: the reset time plus a random share of it. `random` is injectable for tests. */
export function rateLimitRetryDelayMs(retryAfterSeconds: number, random: () => number = Math.random): number {
  const resetMs = retryAfterSeconds * 1000;
  return Math.round(resetMs + random() * Math.max(RATE_LIMIT_JITTER_MIN_MS, resetMs * RATE_LIMIT_JITTER_SHARE));
}

export function toApplicationFailure(err: unknown): unknown {
  // Our own cancellation (the workflow cancelled the activity, the worker shuts down) is reported as such.
  if (err instanceof PartnerAbortedError) return err.cause ?? err;
  if (!(err instanceof PartnerApiError)) return err;
  return ApplicationFailure.create({
    type: err.code,
    message: err.message,
    nonRetryable: !err.retryable,
    details: [{ operation: err.operation, status: err.status, apiCode: err.apiCode, apiDescription: err.apiDescription }],
    ...(err instanceof PartnerRateLimitError ? { nextRetryDelay: rateLimitRetryDelayMs(err.retryAfterSeconds) } : {}),
  });
}

/** The running activity's cancellation signal, or undefined outside an activity (plain unit calls). */
export function activitySignal(): AbortSignal | undefined {
  try {
    return Context.current().cancellationSignal;
  } catch {
    return undefined;
  }
}

/** Runs a Partner API call with the activity's cancellation signal, classifying its failure. */
export async function partnerCall<T>(fn: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
  try {
    return await fn(activitySignal());
  } catch (err) {
    throw toApplicationFailure(err);
  }
}

/**
 * A 404 answer as `undefined`, for reads where the API answers 404 for "none scheduled / none set". Every other
 * failure, a 400 included, is thrown: a refused read says nothing about what is scheduled, and a collision check
 * that took it for "nothing" would be blind.
 */
export async function orNone<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof PartnerNotFoundError) return undefined;
    throw err;
  }
}
