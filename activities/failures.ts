// Turns Partner API errors into Temporal failures at the point where the HTTP status is known, so the
// workflow's retry policy does the right thing: 4xx non-retryable, 429 retried after `rateLimit-reset`,
// 5xx and network errors retried with back-off.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { PartnerApiError, PartnerRateLimitError } from '../partner-api/errors.js';

export function toApplicationFailure(err: unknown): unknown {
  if (!(err instanceof PartnerApiError)) return err;
  return ApplicationFailure.create({
    type: err.code,
    message: err.message,
    nonRetryable: !err.retryable,
    details: [{ operation: err.operation, status: err.status, apiCode: err.apiCode, apiDescription: err.apiDescription }],
    ...(err instanceof PartnerRateLimitError ? { nextRetryDelay: `${err.retryAfterSeconds}s` } : {}),
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
