// What the client tells an observer (metrics, traces) about its requests. The client knows nothing of Prometheus or
// OpenTelemetry: the worker injects an observer (observability/partner-api-observer.ts); without one nothing is sent.

/** One HTTP attempt, reported when it has ended: answered, failed, timed out, or stopped before sending (no token). */
export interface PartnerApiRequestEvent {
  operation: string;
  method: string;
  /** 1 for the first attempt; 2 when a refused token was renewed and the request sent again. */
  attempt: number;
  /** The HTTP status, when the API answered. */
  status?: number;
  /** The PartnerApiError code when the attempt failed (e.g. ERR_PARTNER_RATE_LIMITED, ERR_PARTNER_TIMEOUT). */
  errorCode?: string;
  /** Wall-clock start (ms since the epoch) and duration of the attempt, without the rate limiter's wait. */
  startTimeMs: number;
  durationMs: number;
  /** Time spent waiting for the client-side rate limiter before the attempt. */
  waitedMs: number;
  /** The `rateLimit-remaining` header of the answer, as a number, when present. */
  rateLimitRemaining?: number;
}

export interface PartnerApiObserver {
  requestFinished(event: PartnerApiRequestEvent): void;
  /** A token for `scope` came into use that the client had not used before (a new token was issued). */
  tokenIssued?(scope: string): void;
  /** The API refused the token for `scope`; the client renews it and tries once more. */
  tokenRefused?(scope: string): void;
  /** Getting a token for `scope` failed (the token endpoint refused or did not answer). */
  tokenFailed?(scope: string): void;
}
