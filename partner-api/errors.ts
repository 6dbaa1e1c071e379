// One error hierarchy for Partner API failures. Each class has a stable `code` (for logs, alerts and Temporal's
// ApplicationFailure type) and says whether a retry can help. Messages carry the operation, HTTP status and the
// API's own {code, description}; never a token or a request header.

export interface PartnerApiErrorDetails {
  /** The operationId, or `token` for the OAuth token endpoint. */
  operation: string;
  status?: number;
  apiCode?: string;
  apiDescription?: string;
  /** Node's error code for failures without an HTTP answer (ECONNREFUSED, ETIMEDOUT, ...). */
  networkCode?: string;
  cause?: unknown;
}

export abstract class PartnerApiError extends Error {
  abstract readonly code: string;
  abstract readonly retryable: boolean;
  readonly operation: string;
  readonly status?: number;
  readonly apiCode?: string;
  readonly apiDescription?: string;
  readonly networkCode?: string;

  constructor(summary: string, details: PartnerApiErrorDetails) {
    const api = details.apiCode ? ` ${details.apiCode}${details.apiDescription ? `: ${details.apiDescription}` : ''}` : '';
    const status = details.status ? ` (HTTP ${details.status})` : '';
    super(`${details.operation}${status}: ${summary}${api ? ` -${api}` : ''}`, { cause: details.cause });
    this.name = new.target.name;
    this.operation = details.operation;
    this.status = details.status;
    this.apiCode = details.apiCode;
    this.apiDescription = details.apiDescription;
    this.networkCode = details.networkCode;
  }

  /** What logs and serialisers see: the classification, never a request (which would carry the token). */
  toJSON() {
    const { name, code, retryable, operation, status, apiCode, apiDescription, networkCode, message } = this;
    return { name, code, retryable, operation, status, apiCode, apiDescription, networkCode, message };
  }
}

/** 400: the request is wrong; retrying the same request cannot succeed. */
export class PartnerValidationError extends PartnerApiError {
  readonly code = 'ERR_PARTNER_VALIDATION';
  readonly retryable = false;
}

/** 404 / 410: the resource does not exist (or no longer). */
export class PartnerNotFoundError extends PartnerApiError {
  readonly code = 'ERR_PARTNER_NOT_FOUND';
  readonly retryable = false;
}

/** 409: the resource already exists or is in a conflicting state. After an unclear create, check state first. */
export class PartnerConflictError extends PartnerApiError {
  readonly code = 'ERR_PARTNER_CONFLICT';
  readonly retryable = false;
}

/** 401, or 403 UNAUTHORIZED: the token was refused, even after the client renewed it once. */
export class PartnerAuthError extends PartnerApiError {
  readonly code: string = 'ERR_PARTNER_AUTH';
  readonly retryable = false;
}

/** 403 with any other code (FORBIDDEN, ACCESS_DENIED, LIMIT_EXCEEDED, ...): scope, permission or limit. Not retried. */
export class PartnerForbiddenError extends PartnerAuthError {
  override readonly code: string = 'ERR_PARTNER_FORBIDDEN';
}

/** 429: retry after `retryAfterSeconds` (from the `rateLimit-reset` header, 60 when absent). */
export class PartnerRateLimitError extends PartnerApiError {
  readonly code = 'ERR_PARTNER_RATE_LIMITED';
  readonly retryable = true;
  constructor(
    summary: string,
    details: PartnerApiErrorDetails,
    readonly retryAfterSeconds: number,
  ) {
    super(summary, details);
  }
}

/** 5xx: a server fault; retryable, but reconcile first for writes that are not idempotent. */
export class PartnerServerError extends PartnerApiError {
  readonly code = 'ERR_PARTNER_SERVER';
  readonly retryable = true;
}

/** No HTTP answer: connection refused or reset, DNS failure. The write may or may not have happened. */
export class PartnerNetworkError extends PartnerApiError {
  readonly code: string = 'ERR_PARTNER_NETWORK';
  readonly retryable = true;
}

/**
 * The caller cancelled (activity cancelled, worker shutting down) after the request was sent: as with any network
 * error, a write may or may not have happened. `cause` is the caller's own abort reason.
 */
export class PartnerAbortedError extends PartnerNetworkError {
  override readonly code: string = 'ERR_PARTNER_ABORTED';
}

/**
 * The request was NOT sent: too little of the caller's time was left after the rate limiter's wait and the token
 * fetch. Nothing happened on the server; retrying at once is safe.
 */
export class PartnerNotSentError extends PartnerApiError {
  readonly code = 'ERR_PARTNER_NOT_SENT';
  readonly retryable = true;
}

/** No answer within the client's timeout. As with any network error, a write may or may not have happened. */
export class PartnerTimeoutError extends PartnerNetworkError {
  override readonly code: string = 'ERR_PARTNER_TIMEOUT';
}

/**
 * The token endpoint refused the credentials (invalid_client, invalid_grant, a bad signature or key, unknown scope):
 * configuration is wrong, and retrying cannot help until someone fixes it.
 */
export class PartnerCredentialsError extends PartnerApiError {
  readonly code = 'ERR_PARTNER_CREDENTIALS';
  readonly retryable = false;
}

/** The token endpoint could not be reached, timed out, rate limited or answered 5xx: retry later. */
export class PartnerTokenUnavailableError extends PartnerApiError {
  readonly code = 'ERR_PARTNER_TOKEN_UNAVAILABLE';
  readonly retryable = true;
}

/** Any other 4xx. */
export class PartnerRequestError extends PartnerApiError {
  readonly code = 'ERR_PARTNER_REQUEST';
  readonly retryable = false;
}

/** Reads `rateLimit-reset` (seconds until the window resets); 60 when absent or unreadable. Node lower-cases header names. */
export function rateLimitResetSeconds(headers: Record<string, string | string[] | undefined>): number {
  const raw = headers['ratelimit-reset'];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isFinite(value) && value >= 0 ? value : 60;
}

/** Maps an HTTP error answer to the error class that tells callers what to do. */
export function errorFromResponse(
  operation: string,
  status: number,
  body: unknown,
  headers: Record<string, string | string[] | undefined>,
): PartnerApiError {
  const api = (typeof body === 'object' && body !== null ? body : {}) as { code?: unknown; description?: unknown };
  const details: PartnerApiErrorDetails = {
    operation,
    status,
    apiCode: typeof api.code === 'string' ? api.code : undefined,
    apiDescription: typeof api.description === 'string' ? api.description : undefined,
  };
  if (status === 400) return new PartnerValidationError('the request was rejected as invalid', details);
  if (status === 401 || (status === 403 && details.apiCode === 'UNAUTHORIZED')) return new PartnerAuthError('the access token was refused', details);
  if (status === 403) return new PartnerForbiddenError('forbidden (scope, permission or limit)', details);
  if (status === 404 || status === 410) return new PartnerNotFoundError('not found', details);
  if (status === 409) return new PartnerConflictError('conflict', details);
  if (status === 429) return new PartnerRateLimitError('rate limited', details, rateLimitResetSeconds(headers));
  // 408: the server gave up waiting for our request; nothing was done, so it is a timeout like ours.
  if (status === 408) return new PartnerTimeoutError('the server timed out the request', details);
  if (status >= 500) return new PartnerServerError('server error', details);
  return new PartnerRequestError('request failed', details);
}
