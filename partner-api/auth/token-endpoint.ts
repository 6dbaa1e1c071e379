// One POST to the OAuth token endpoint (form-encoded), classified the way retries need it:
// a refused credential is a configuration error (never retried); no answer, 429 or 5xx is worth retrying later.
// Like the API client, got's own retry is off and every request has a timeout.
import got, { RequestError, TimeoutError } from 'got';
import type { Logger } from 'pino';
import { PartnerCredentialsError, PartnerTokenUnavailableError, type PartnerApiErrorDetails } from '../errors.js';
import type { IssuedToken } from './token-cache.js';

/** Lifetime assumed when the endpoint omits `expires_in` (the shorter of the two lifetimes LINE WORKS offers). */
const ASSUMED_LIFETIME_SECONDS = 3600;

export interface TokenRequest {
  url: string;
  /** Form fields: grant_type, client_id, client_secret, and the grant's own fields. */
  form: Record<string, string>;
  /** Whole-request timeout in ms. */
  timeoutMs: number;
  /** Values that must never reach an error message (secret, assertion, refresh token) even if the server echoes them. */
  secrets: string[];
  logger?: Logger;
}

function scrub(text: string | undefined, secrets: string[]): string | undefined {
  if (text === undefined) return undefined;
  return secrets.filter((s) => s.length >= 4).reduce((acc, secret) => acc.split(secret).join('[REDACTED]'), text);
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** `expires_in` arrives as a number or a string ("86400"). */
export function lifetimeSeconds(raw: unknown): number {
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : ASSUMED_LIFETIME_SECONDS;
}

export async function requestToken(request: TokenRequest): Promise<IssuedToken> {
  const grant = request.form.grant_type ?? 'unknown';
  const started = performance.now();
  const log = (fields: Record<string, unknown>) =>
    request.logger?.[fields.errorCode ? 'warn' : 'info'](
      { operation: 'token', grant, scope: request.form.scope, durationMs: Math.round(performance.now() - started), ...fields },
      'token request',
    );

  let response;
  try {
    response = await got.post(request.url, {
      form: request.form,
      headers: { accept: 'application/json' },
      responseType: 'text',
      throwHttpErrors: false,
      followRedirect: false,
      retry: { limit: 0 },
      timeout: { request: request.timeoutMs },
    });
  } catch (err) {
    // got's error carries the request options (form with the secret): keep only its code and message.
    const networkCode = err instanceof RequestError ? err.code : undefined;
    const what = err instanceof TimeoutError ? `no answer within ${request.timeoutMs} ms` : `unreachable (${networkCode ?? 'unknown error'})`;
    const error = new PartnerTokenUnavailableError(`token endpoint ${what}`, { operation: 'token', networkCode });
    log({ errorCode: error.code, networkCode });
    throw error;
  }

  const status = response.statusCode;
  const body = parseJson(response.body);
  if (status >= 200 && status < 300) {
    const accessToken = body.access_token;
    if (typeof accessToken !== 'string' || accessToken === '') {
      const error = new PartnerCredentialsError('the token endpoint answered without an access_token: check LINEWORKS_AUTH_URL', {
        operation: 'token',
        status,
      });
      log({ status, errorCode: error.code });
      throw error;
    }
    log({ status });
    return {
      accessToken,
      expiresInSeconds: lifetimeSeconds(body.expires_in),
      refreshToken: typeof body.refresh_token === 'string' && body.refresh_token !== '' ? body.refresh_token : undefined,
      scope: typeof body.scope === 'string' ? body.scope : undefined,
    };
  }

  // OAuth errors are {error, error_description} (RFC 6749); accept the API's {code, description} too.
  const details: PartnerApiErrorDetails = {
    operation: 'token',
    status,
    apiCode: scrub(typeof body.error === 'string' ? body.error : typeof body.code === 'string' ? body.code : undefined, request.secrets),
    apiDescription: scrub(
      typeof body.error_description === 'string' ? body.error_description : typeof body.description === 'string' ? body.description : undefined,
      request.secrets,
    ),
  };
  const error =
    status === 408 || status === 429 || status >= 500
      ? new PartnerTokenUnavailableError('the token endpoint is unavailable', details)
      : new PartnerCredentialsError(`the token endpoint refused the ${grant} grant: check the LINE WORKS credentials and scopes`, details);
  log({ status, errorCode: error.code, apiCode: details.apiCode });
  throw error;
}
